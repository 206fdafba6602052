import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CAPTCHA_HEIGHT, CAPTCHA_WIDTH, captchaAnswer, captchaPng } from './captcha-image.ts';

/** The pixels of an 8-bit RGBA PNG without filters (what captchaPng writes), read back independently. */
function decode(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  const chunks: Array<{ type: string; data: Buffer }> = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    chunks.push({
      type: png.toString('ascii', offset + 4, offset + 8),
      data: png.subarray(offset + 8, offset + 8 + length),
    });
    offset += 12 + length;
  }
  const header = chunks[0]!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  return { types: chunks.map((c) => c.type), width, height, colourType: header[9], raw };
}

describe('captcha image (issue 15 item 3)', () => {
  it('is a real PNG of the announced size', () => {
    const { types, width, height, colourType, raw } = decode(captchaPng('2345'));
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([width, height, colourType]).toEqual([CAPTCHA_WIDTH, CAPTCHA_HEIGHT, 6]);
    expect(raw.length).toBe(height * (1 + width * 4));
  });

  it('is drawn anew with noise each time: the same answer never gives the same pixels', () => {
    const a = decode(captchaPng('2345')).raw;
    const b = decode(captchaPng('2345')).raw;
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing / a.length).toBeGreaterThan(0.3);
  });

  it('uses many colours (noise and shading), not a few flat shapes', () => {
    const { raw, width } = decode(captchaPng(captchaAnswer()));
    const colours = new Set<number>();
    for (let row = 0; row < CAPTCHA_HEIGHT; row++) {
      for (let x = 0; x < width; x++) {
        const i = row * (1 + width * 4) + 1 + x * 4;
        colours.add((raw[i]! << 16) | (raw[i + 1]! << 8) | raw[i + 2]!);
      }
    }
    expect(colours.size).toBeGreaterThan(200);
  });
});
