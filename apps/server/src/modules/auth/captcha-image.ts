import { randomInt } from 'node:crypto';
import { encodePng } from './png.ts';

// 5x7 digits without the easily confused 0/1; drawn into pixels, so nothing but the picture holds them.
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
const INKS: Array<[number, number, number]> = [
  [31, 78, 121],
  [122, 46, 14],
  [36, 92, 42],
  [91, 42, 134],
  [138, 28, 28],
];

export const CAPTCHA_WIDTH = 120;
export const CAPTCHA_HEIGHT = 40;

export const captchaAnswer = (length = 4) =>
  Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** A uniform random number in [min, max). */
const rand = (min: number, max: number) => min + (randomInt(1_000_000) / 1_000_000) * (max - min);

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 4);
  }
  set(x: number, y: number, [r, g, b]: [number, number, number]) {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (Math.floor(y) * this.width + Math.floor(x)) * 4;
    this.pixels[i] = r;
    this.pixels[i + 1] = g;
    this.pixels[i + 2] = b;
    this.pixels[i + 3] = 255;
  }
}

const shade = ([r, g, b]: [number, number, number], d: number): [number, number, number] => [
  Math.max(0, Math.min(255, r + d)),
  Math.max(0, Math.min(255, g + d)),
  Math.max(0, Math.min(255, b + d)),
];

/** A light, speckled background. */
function background(c: Canvas) {
  const base: [number, number, number] = [232 + randomInt(16), 238 + randomInt(12), 244 + randomInt(10)];
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < c.width; x++) c.set(x, y, shade(base, randomInt(25) - 12));
  }
}

/**
 * One character, rotated, scaled and bent along a sine wave: each pixel of the box around it samples the
 * glyph at the inverse-transformed point.
 */
function character(c: Canvas, ch: string, cx: number, cy: number) {
  const glyph = GLYPHS[ch] ?? [];
  const ink = INKS[randomInt(INKS.length)]!;
  const angle = rand(-0.4, 0.4);
  const sx = rand(3.2, 4.1);
  const sy = rand(3.4, 4.2);
  const amplitude = rand(0.8, 2.2);
  const period = rand(3, 6);
  const phase = rand(0, Math.PI * 2);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let y = Math.floor(cy - 20); y < cy + 20; y++) {
    for (let x = Math.floor(cx - 16); x < cx + 16; x++) {
      const dx = x - cx + amplitude * Math.sin(y / period + phase);
      const dy = y - cy;
      const gx = Math.floor((dx * cos + dy * sin) / sx + 2.5);
      const gy = Math.floor((-dx * sin + dy * cos) / sy + 3.5);
      if (glyph[gy]?.[gx] === '1' && randomInt(100) >= 6) c.set(x, y, shade(ink, randomInt(50) - 25));
    }
  }
}

/** Curves across the whole image in the characters' own inks, so colour alone does not separate them. */
function strokes(c: Canvas, count: number) {
  for (let i = 0; i < count; i++) {
    const ink = INKS[randomInt(INKS.length)]!;
    const y0 = rand(6, c.height - 6);
    const amplitude = rand(3, 9);
    const period = rand(10, 30);
    const phase = rand(0, Math.PI * 2);
    const slope = rand(-0.15, 0.15);
    const thickness = 1 + randomInt(2);
    for (let x = 0; x < c.width; x += 0.5) {
      const y = y0 + slope * x + amplitude * Math.sin(x / period + phase);
      for (let t = 0; t < thickness; t++) c.set(x, y + t, ink);
    }
  }
}

function speckles(c: Canvas, count: number) {
  for (let i = 0; i < count; i++) {
    c.set(randomInt(c.width), randomInt(c.height), shade(INKS[randomInt(INKS.length)]!, randomInt(80) - 20));
  }
}

/** The captcha picture of `answer` as a PNG file: distorted characters over noise and crossing curves. */
export function captchaPng(answer: string): Buffer {
  const c = new Canvas(CAPTCHA_WIDTH, CAPTCHA_HEIGHT);
  background(c);
  speckles(c, 120);
  const step = (CAPTCHA_WIDTH - 24) / answer.length;
  [...answer].forEach((ch, i) => {
    character(c, ch, 12 + step * (i + 0.5) + rand(-3, 3), CAPTCHA_HEIGHT / 2 + rand(-3, 3));
  });
  strokes(c, 3);
  speckles(c, 160);
  return encodePng(c.width, c.height, c.pixels);
}
