import type { Config } from '../../config.ts';
import { chinesePdf, pdfBytes, qrPng } from '../../documents/pdf.ts';
import type { OrderRow } from './payment.repository.ts';

const shanghai = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** 电子收据: the paid order as a one-page PDF, with a QR code of the order number for checking. */
export async function receiptPdf(
  config: Pick<Config, 'PDF_FONT_FILE' | 'PDF_FONT_FAMILY'>,
  row: { order: OrderRow; instituteName: string; memberUsername: string; memberName: string },
): Promise<Buffer> {
  const { order } = row;
  const doc = chinesePdf(config, `电子收据 ${order.orderNo}`);
  doc.fontSize(20).text('电子收据', { align: 'center' });
  doc.moveDown(0.5).fontSize(11).text('注册会计师继续教育费用', { align: 'center' });
  doc.moveDown(1.5).fontSize(12);
  const lines: [string, string][] = [
    ['订单号', order.orderNo],
    ['会员证书编号', row.memberUsername],
    ['姓名', row.memberName],
    ['年度', `${order.year}年度`],
    ['会计学院', row.instituteName],
    ['金额', `${(order.amountFen / 100).toFixed(2)}元`],
    ['支付方式', '微信支付'],
    ['支付流水号', order.transactionId ?? ''],
    ['支付时间', order.paidAt ? shanghai(order.paidAt) : ''],
  ];
  for (const [label, value] of lines) doc.text(`${label}：${value}`).moveDown(0.4);
  doc.moveDown(1).image(await qrPng(order.orderNo, 120), { width: 100 });
  doc.moveDown(0.5).fontSize(9).text('本收据由系统生成，扫描二维码可查看订单号。');
  return pdfBytes(doc);
}
