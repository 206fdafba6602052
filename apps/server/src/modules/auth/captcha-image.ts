import { randomInt } from 'node:crypto';

// 5x7 dot-matrix digits. The image is drawn from shapes, not text, so the answer is not in the markup.
const GLYPHS: Record<string, string[]> = {
  '2': ['01110', '10001', '00001', '00110', '01000', '10000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
};
const ALPHABET = Object.keys(GLYPHS);
const COLORS = ['#1f4e79', '#7a2e0e', '#245c2a', '#5b2a86', '#8a1c1c'];

export const captchaAnswer = (length = 4) =>
  Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export function captchaSvg(answer: string): string {
  const width = 120;
  const height = 40;
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#f3f6fa"/>`];
  for (let i = 0; i < 5; i++) {
    parts.push(
      `<line x1="${randomInt(width)}" y1="${randomInt(height)}" x2="${randomInt(width)}" y2="${randomInt(height)}" stroke="#9fb3c8" stroke-width="1"/>`,
    );
  }
  [...answer].forEach((ch, i) => {
    const glyph = GLYPHS[ch] ?? [];
    const x0 = 12 + i * 26 + randomInt(4);
    const y0 = 6 + randomInt(6);
    const angle = randomInt(31) - 15;
    const color = COLORS[randomInt(COLORS.length)];
    const dots: string[] = [];
    glyph.forEach((row, y) => {
      [...row].forEach((bit, x) => {
        if (bit === '1')
          dots.push(`<rect x="${x0 + x * 3.6}" y="${y0 + y * 3.6}" width="3.4" height="3.4"/>`);
      });
    });
    parts.push(`<g fill="${color}" transform="rotate(${angle} ${x0 + 9} ${y0 + 12})">${dots.join('')}</g>`);
  });
  for (let i = 0; i < 30; i++) {
    parts.push(`<circle cx="${randomInt(width)}" cy="${randomInt(height)}" r="1" fill="#8899aa"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}
