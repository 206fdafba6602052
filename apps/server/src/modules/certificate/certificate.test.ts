import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { makeMember } from '../../../test/fixtures.ts';
import { buildLearningApp, YEAR } from '../../../test/learning.ts';
import { giveHours } from '../../../test/oversight.ts';
import { findPdfFont } from '../../documents/font.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildLearningApp();
});
afterAll(() => t.close());

const certificate = (cookie: string, year = YEAR) =>
  t.app.inject({ url: `/api/me/certificates/${year}`, headers: { cookie, host: 'cpe.test' } });
const verify = (code: string) => t.app.inject({ url: `/api/verify/${code}` });

interface Gray {
  width: number;
  height: number;
  dark(x: number, y: number): boolean;
}

/** A binary PGM/PPM (what pdfimages writes by default) as a grey image. */
function readNetpbm(file: Buffer): Gray {
  const header = /^(P[56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.subarray(0, 40).toString('latin1'))!;
  const [all, magic, w, h] = header;
  const channels = magic === 'P6' ? 3 : 1;
  const data = file.subarray(all!.length);
  const width = Number(w);
  return { width, height: Number(h), dark: (x, y) => data[(y * width + x) * channels]! < 128 };
}

/** The PDF's text and its one image (the QR code). */
function readPdf(bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'cpe-cert-'));
  writeFileSync(join(dir, 'c.pdf'), bytes);
  const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  execFileSync('pdfimages', [join(dir, 'c.pdf'), join(dir, 'img')]);
  const image = readdirSync(dir).find((f) => f.startsWith('img'))!;
  return { text, qr: readNetpbm(readFileSync(join(dir, image))) };
}

/** Whether the image shows exactly the QR symbol of `text`: every module's centre has its colour. */
function showsQr(image: Gray, text: string) {
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = symbol.modules.size;
  const step = image.width / (size + 2); // one module of margin on each side
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const x = Math.floor((col + 1.5) * step);
      const y = Math.floor((row + 1.5) * step);
      if (image.dark(x, y) !== Boolean(symbol.modules.get(row, col))) return false;
    }
  }
  return true;
}

// Each test draws PDFs with a CJK font and reads them back: generous time on a busy machine.
describe.skipIf(!findPdfFont({}))('hours certificates (学时证明)', { timeout: 180_000 }, () => {
  it('issues a PDF with the totals once the year is compliant, verifiable through its QR code', async () => {
    const member = await makeMember(t, { memberType: 'non_practicing', name: '欧阳明华' });
    await giveHours(t, member.id, { online: 30, ethics: 12.5 });
    const res = await certificate(member.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text, qr } = readPdf(res.rawPayload);
    expect(text).toContain('注册会计师继续教育学时证明');
    expect(text).toContain('欧**华');
    expect(text).not.toContain('欧阳明华');
    expect(text).toContain('认可学时合计：42.50 学时');
    expect(text).toContain('已达到要求');
    expect(text).toMatch(/第 \d+ 版/);
    const code = /验证码：([A-Za-z0-9_-]+)/.exec(text)![1]!;

    // the QR code is exactly the verification page's address
    expect(qr.width).toBe(qr.height);
    expect(showsQr(qr, `http://cpe.test/verify/${code}`)).toBe(true);
    expect(showsQr(qr, `http://cpe.test/verify/${code.slice(1)}x`)).toBe(false);

    const verified = await verify(code);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({
      valid: true,
      name: '欧**华',
      year: YEAR,
      hours: 42.5,
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // downloading again gives the same code while nothing changed
    expect(readPdf((await certificate(member.cookie)).rawPayload).text).toContain(code);
  });

  it('re-issues after the total changes: the old code then says it is revoked', async () => {
    const member = await makeMember(t, { memberType: 'non_practicing' });
    await giveHours(t, member.id, { online: 40 });
    const first = /验证码：([A-Za-z0-9_-]+)/.exec(
      readPdf((await certificate(member.cookie)).rawPayload).text,
    )![1]!;
    await giveHours(t, member.id, { online: 2 });
    const second = /验证码：([A-Za-z0-9_-]+)/.exec(
      readPdf((await certificate(member.cookie)).rawPayload).text,
    )![1]!;
    expect(second).not.toBe(first);
    expect((await verify(first)).json()).toMatchObject({ valid: false, reason: 'revoked' });
    expect((await verify(second)).json()).toMatchObject({ valid: true, hours: 42 });
  });

  it('refuses a year that is not compliant, and says plainly that an unknown code is unknown', async () => {
    const member = await makeMember(t, { memberType: 'non_practicing' });
    await giveHours(t, member.id, { online: 10 });
    const res = await certificate(member.cookie);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOT_COMPLIANT');
    expect((await verify('A'.repeat(24))).json()).toMatchObject({ valid: false, reason: 'unknown' });
    expect((await verify('bad')).statusCode).toBe(400);
    // staff and anonymous users have no certificate route
    expect((await t.app.inject({ url: `/api/me/certificates/${YEAR}` })).statusCode).toBe(401);
  });
});
