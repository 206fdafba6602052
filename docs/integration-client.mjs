#!/usr/bin/env node
// Example client of the cpe integration API (docs/integration.md): signs and posts the hour records of a
// JSON file in batches of at most 1000 and prints each batch's report. Node.js 20 or newer, no packages.
//
//   CPE_URL=https://cpe.example.org CPE_KEY_ID=ik_... CPE_SECRET=... node integration-client.mjs records.json
//
// records.json holds an array of records, or { "records": [...] }. Exit code: 0 when every batch was
// received (its rows may still be refused: see the report), 1 when a request failed, 2 on bad usage.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PATH = '/api/integration/v1/hour-records';
const BATCH = 1000;

/** The signature headers of one request: HMAC-SHA256 over method, path, timestamp, nonce and body hash. */
function signatureHeaders(keyId, secret, method, path, body, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(16).toString('hex');
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  const text = `${method}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`;
  return {
    'X-CPE-Key': keyId,
    'X-CPE-Timestamp': timestamp,
    'X-CPE-Nonce': nonce,
    'X-CPE-Signature': createHmac('sha256', secret).update(text, 'utf8').digest('hex'),
  };
}

/** Posts one batch; a request that fails on the network may be sent again as is: records are idempotent. */
async function postBatch(base, keyId, secret, records) {
  const body = JSON.stringify({ records });
  const res = await fetch(new URL(PATH, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signatureHeaders(keyId, secret, 'POST', PATH, body) },
    body,
  });
  return { status: res.status, answer: await res.json() };
}

async function main() {
  const { CPE_URL, CPE_KEY_ID, CPE_SECRET } = process.env;
  const file = process.argv[2];
  if (!CPE_URL || !CPE_KEY_ID || !CPE_SECRET || !file) {
    console.error(
      'Usage: CPE_URL=... CPE_KEY_ID=... CPE_SECRET=... node integration-client.mjs records.json',
    );
    return 2;
  }
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const records = Array.isArray(data) ? data : data.records;
  let failed = false;
  for (let i = 0; i < records.length; i += BATCH) {
    const { status, answer } = await postBatch(CPE_URL, CPE_KEY_ID, CPE_SECRET, records.slice(i, i + BATCH));
    console.log(JSON.stringify({ status, ...answer }, null, 2));
    if (status !== 200) failed = true;
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
