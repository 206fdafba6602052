import { idCheckChar } from '@cpe/shared';
import ExcelJS from 'exceljs';
import { importColumns } from '../src/modules/member-import/member-import.service.ts';

/** Rows of the members import template, unique per call, and the workbook they make. */
let serial = Math.floor(Math.random() * 1_000_000);
const idNumber = () => {
  const first17 = `31010119850315${String(serial++ % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};
export const certificateNumber = () => `31${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;

export type ImportLine = Record<string, string>;

export function importLine(overrides: ImportLine = {}): ImportLine {
  return {
    username: certificateNumber(),
    name: '王小明',
    memberType: '执业会员',
    idNumber: idNumber(),
    mobile: '13912345678',
    province: '上海',
    firm: '导入测试会计师事务所',
    registeredOn: '2016-05-01',
    ...overrides,
  };
}

export async function importWorkbook(lines: ImportLine[]) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('会员导入');
  sheet.columns = importColumns.map((c) => ({ header: c.header, key: c.key }));
  for (const l of lines) sheet.addRow(l);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
