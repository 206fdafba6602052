/**
 * Helpers for the claim, exemption and review tests: requests through the real routes, evidence files
 * built in memory, and the sample requests of the control-character guard (http.test.ts).
 */
import type { FastifyInstance } from 'fastify';
import { YEAR } from './learning.ts';

export const ARTICLE_DETAILS = (title: string) => ({
  title,
  journal: '中国注册会计师',
  publishedOn: `${YEAR}-02-01`,
});

/** A minimal valid-looking PDF. */
export function pdfBytes(text = 'evidence'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

/** A PNG header declaring `width` x `height` pixels (the pixels themselves are not needed to refuse it). */
export function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

/** A multipart body with one part named `field`. */
export function multipart(content: Buffer, filename: string, field = 'file', type = 'application/pdf') {
  const boundary = `----cpe${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const uploadEvidence = (
  app: FastifyInstance,
  cookie: string,
  url: string,
  content = pdfBytes(),
  filename = '证明.pdf',
) => {
  const body = multipart(content, filename);
  return app.inject({ method: 'POST', url, headers: { cookie, ...body.headers }, payload: body.payload });
};

/** Creates a draft claim, attaches a PDF and submits it; returns the claim id. */
export async function submittedClaim(
  app: FastifyInstance,
  cookie: string,
  body: { item?: string; units?: number; details?: Record<string, string>; year?: number } = {},
): Promise<number> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/claims',
    headers: { cookie },
    payload: {
      year: body.year ?? YEAR,
      item: body.item ?? '18-9b',
      units: body.units ?? 1,
      details: body.details ?? ARTICLE_DETAILS(`文章${Math.random().toString(36).slice(2)}`),
    },
  });
  if (res.statusCode !== 201) throw new Error(`create claim: ${res.statusCode} ${res.body}`);
  const id = res.json().id as number;
  const up = await uploadEvidence(app, cookie, `/api/claims/${id}/evidence`);
  if (up.statusCode !== 201) throw new Error(`upload: ${up.statusCode} ${up.body}`);
  const sub = await app.inject({ method: 'POST', url: `/api/claims/${id}/submit`, headers: { cookie } });
  if (sub.statusCode !== 200) throw new Error(`submit: ${sub.statusCode} ${sub.body}`);
  return id;
}

type Sample = () => Promise<{ url: string; cookie: string; body: unknown }>;

/** Sample requests for the routes of this part whose bodies hold strings (the ids need not exist). */
export function claimRequests(cookies: () => { member: string; reviewer: string }): Record<string, Sample> {
  const claim = { year: YEAR, item: '18-9b', units: 1, details: ARTICLE_DETAILS('论审计质量') };
  const m = async (url: string, body: unknown) => ({ url, cookie: cookies().member, body });
  const r = async (url: string, body: unknown) => ({ url, cookie: cookies().reviewer, body });
  return {
    'POST /api/claims': () => m('/api/claims', claim),
    'POST /api/claims/:id': () => m('/api/claims/1', claim),
    'POST /api/exemptions': () =>
      m('/api/exemptions', {
        year: YEAR,
        ground: 'abroad',
        periodFrom: `${YEAR}-01-01`,
        periodTo: `${YEAR}-08-31`,
        note: '外派\n工作',
      }),
    'POST /api/review/claims/:id/approve': () =>
      r('/api/review/claims/1/approve', { hours: 8, comment: '材料齐全' }),
    'POST /api/review/claims/:id/reject': () => r('/api/review/claims/1/reject', { comment: '不符合' }),
    'POST /api/review/claims/:id/return': () => r('/api/review/claims/1/return', { comment: '请补充' }),
    'POST /api/review/claims/:id/reverse': () => r('/api/review/claims/1/reverse', { comment: '材料不实' }),
    'POST /api/review/exemptions/:id/approve': () =>
      r('/api/review/exemptions/1/approve', { comment: '同意' }),
    'POST /api/review/exemptions/:id/reject': () =>
      r('/api/review/exemptions/1/reject', { comment: '不符合' }),
    'POST /api/review/exemptions/:id/return': () =>
      r('/api/review/exemptions/1/return', { comment: '请补充' }),
  };
}
