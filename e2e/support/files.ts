import PDFDocument from 'pdfkit';
import { pdfBytes } from '../../apps/server/src/documents/pdf.ts';

/**
 * A well-formed one-page PDF: the reviewer's page shows evidence in Chromium's PDF viewer, which puts a
 * modal error over a broken file and takes the next click with it.
 */
export function samplePdf(text = 'Evidence'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5' });
  doc.fontSize(18).text(text);
  return pdfBytes(doc);
}
