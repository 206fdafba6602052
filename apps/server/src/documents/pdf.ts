import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { findPdfFont } from './font.ts';

/**
 * A new A4 PDF whose default font draws Chinese text. Without an installed CJK font the request fails
 * with a clear message rather than producing a document of empty boxes.
 */
export function chinesePdf(config: Pick<Config, 'PDF_FONT_FILE' | 'PDF_FONT_FAMILY'>, title: string) {
  const font = findPdfFont(config);
  if (!font) throw new AppError('PDF_FONT_MISSING', '服务器未安装中文字体，暂时无法生成 PDF，请联系管理员');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Producer: 'cpe' } });
  doc.registerFont('cjk', font.file, font.family);
  doc.font('cjk');
  return doc;
}

/** A QR code of `text` as PNG bytes, to draw into a PDF with doc.image(). */
export function qrPng(text: string, size = 160): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', width: size, margin: 1, errorCorrectionLevel: 'M' });
}

/** The whole document as bytes (documents here are a page or two). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
