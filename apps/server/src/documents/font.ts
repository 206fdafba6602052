import { existsSync } from 'node:fs';
import type { Config } from '../config.ts';

/** A font file that draws Chinese text in PDFs, and the face to use inside it (for .ttc collections). */
export interface PdfFont {
  file: string;
  family?: string;
}

// Debian's fonts-noto-cjk (installed by .ci/run; `apt-get install fonts-noto-cjk` elsewhere), then
// the WenQuanYi fonts some distributions ship instead.
const CANDIDATES: PdfFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

/**
 * The font for Chinese PDFs (receipts, certificates): `PDF_FONT_FILE` (with `PDF_FONT_FAMILY` for a
 * collection) when set, else the first installed candidate; null when there is none, so the caller can
 * answer with a clear message instead of a PDF of empty boxes.
 */
export function findPdfFont(config: Pick<Config, 'PDF_FONT_FILE' | 'PDF_FONT_FAMILY'>): PdfFont | null {
  if (config.PDF_FONT_FILE) {
    return existsSync(config.PDF_FONT_FILE)
      ? { file: config.PDF_FONT_FILE, family: config.PDF_FONT_FAMILY }
      : null;
  }
  return CANDIDATES.find((c) => existsSync(c.file)) ?? null;
}
