import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface XlsxColumn {
  /** the Chinese column title shown in row 1 */
  header: string;
  key: string;
  width?: number;
}

export interface XlsxSheet {
  sheetName: string;
  columns: XlsxColumn[];
  rows: Iterable<Record<string, unknown>>;
}

/**
 * Writes rows to `output` as one .xlsx sheet with exceljs' streaming writer: each row is committed and
 * released as it is written, so memory does not grow with the row count. `onRow` is called after each
 * row (progress for long exports). `moreSheets` (small, already in memory) follow the first sheet.
 */
export async function writeXlsx(options: {
  output: Writable;
  sheetName: string;
  columns: XlsxColumn[];
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
  onRow?: (written: number) => void | Promise<void>;
  moreSheets?: XlsxSheet[];
}): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: options.output,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(options.sheetName);
  sheet.columns = options.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  let written = 0;
  for await (const row of options.rows) {
    sheet.addRow(row).commit();
    written++;
    await options.onRow?.(written);
  }
  sheet.commit();
  for (const more of options.moreSheets ?? []) {
    const extra = workbook.addWorksheet(more.sheetName);
    extra.columns = more.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
    for (const row of more.rows) extra.addRow(row).commit();
    extra.commit();
  }
  await workbook.commit();
  return written;
}

/** An empty workbook with the header row only: the downloadable template of an import. */
export async function xlsxTemplate(sheetName: string, columns: XlsxColumn[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface XlsxRow {
  /** the row number as Excel shows it (the header is row 1) */
  rowNumber: number;
  /** cell texts by column key, trimmed; empty cells are '' */
  values: Record<string, string>;
}

export class XlsxFormatError extends Error {}

/**
 * Reads the first sheet of an uploaded .xlsx whose row 1 holds exactly the template's headers (in any
 * order), returning each non-empty row's cell texts by column key. A file that is not an .xlsx, or whose
 * headers differ from the template, throws XlsxFormatError with a Chinese message.
 */
export async function readXlsxRows(
  file: Buffer,
  columns: XlsxColumn[],
  maxRows = 400_000,
): Promise<XlsxRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new XlsxFormatError('文件不是有效的 Excel（.xlsx）文件，请下载模板后填写');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new XlsxFormatError('Excel 文件中没有工作表');
  const headerRow = sheet.getRow(1);
  const keyByColumn = new Map<number, string>();
  headerRow.eachCell((cell, col) => {
    const column = columns.find((c) => c.header === cellText(cell.value));
    if (column) keyByColumn.set(col, column.key);
  });
  const missing = columns.filter((c) => ![...keyByColumn.values()].includes(c.key)).map((c) => c.header);
  if (missing.length > 0) throw new XlsxFormatError(`表头缺少列：${missing.join('、')}，请使用下载的模板`);
  if (sheet.rowCount - 1 > maxRows) throw new XlsxFormatError(`一次最多导入 ${maxRows} 行`);
  const rows: XlsxRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = Object.fromEntries(columns.map((c) => [c.key, '']));
    let filled = false;
    for (const [col, key] of keyByColumn) {
      const text = cellText(row.getCell(col).value);
      values[key] = text;
      if (text !== '') filled = true;
    }
    if (filled) rows.push({ rowNumber, values });
  });
  return rows;
}

/** A cell's value as the text a person typed: dates as YYYY-MM-DD (Asia/Shanghai), numbers as written. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(value);
  }
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value).trim();
}
