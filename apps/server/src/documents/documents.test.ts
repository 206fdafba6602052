import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findPdfFont } from './font.ts';
import { chinesePdf, pdfBytes } from './pdf.ts';
import { readXlsxRows, writeXlsx, XlsxFormatError, xlsxTemplate } from './xlsx.ts';

const columns = [
  { header: '会员证书编号', key: 'username' },
  { header: '姓名', key: 'name' },
  { header: '学时', key: 'hours' },
];

async function toBuffer(rows: Record<string, unknown>[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const written = await writeXlsx({ output: out, sheetName: '名单', columns, rows });
  return { written, file: Buffer.concat(chunks) };
}

describe('xlsx documents', () => {
  it('reads back what the streaming writer wrote, by header, with row numbers', async () => {
    const { written, file } = await toBuffer([
      { username: '310000012345', name: '张明', hours: 12.5 },
      { username: '', name: '', hours: '' },
      { username: '110000054321', name: '李华', hours: 3 },
    ]);
    expect(written).toBe(3);
    expect(await readXlsxRows(file, columns)).toEqual([
      { rowNumber: 2, values: { username: '310000012345', name: '张明', hours: '12.5' } },
      { rowNumber: 4, values: { username: '110000054321', name: '李华', hours: '3' } },
    ]);
  });

  it('refuses a file that is not an xlsx, and a sheet without the template headers, in Chinese', async () => {
    await expect(readXlsxRows(Buffer.from('<html>not a workbook</html>'), columns)).rejects.toThrow(
      XlsxFormatError,
    );
    const template = await xlsxTemplate('名单', columns.slice(0, 2));
    await expect(readXlsxRows(template, columns)).rejects.toThrow('表头缺少列：学时');
    expect(await readXlsxRows(await xlsxTemplate('名单', columns), columns)).toEqual([]);
  });
});

describe.skipIf(!findPdfFont({}))('Chinese PDFs', () => {
  it('draws Chinese text that a PDF reader extracts again', async () => {
    const doc = chinesePdf({}, '测试');
    doc.fontSize(18).text('注册会计师继续教育 学时证明 40.00学时');
    const bytes = await pdfBytes(doc);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'cpe-pdf-'));
    writeFileSync(join(dir, 'a.pdf'), bytes);
    const text = execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('学时证明 40.00学时');
  });

  it('fails with a clear message when the configured font file is missing', () => {
    expect(() => chinesePdf({ PDF_FONT_FILE: '/nonexistent.ttc' }, 'x')).toThrow('中文字体');
  });
});
