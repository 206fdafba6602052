import { describe, expect, it } from 'vitest';
import { RuleInputError } from './errors.ts';
import { formatHours, fromHundredths, scaleHundredths, sumHundredths, toHundredths } from './hours.ts';

describe('hours in hundredths', () => {
  it('240 entries of 0.1 hours are exactly 24.00', () => {
    const entries = Array.from({ length: 240 }, () => toHundredths(0.1));
    expect(sumHundredths(entries)).toBe(2400);
    expect(fromHundredths(sumHundredths(entries))).toBe(24);
  });

  it.each([
    [0, 0],
    [0.01, 1],
    [0.29, 29],
    [1.1, 110],
    [12.25, 1225],
    [40, 4000],
    [-0.5, -50],
  ])('toHundredths(%s) = %s', (hours, hundredths) => {
    expect(toHundredths(hours)).toBe(hundredths);
    expect(fromHundredths(hundredths)).toBe(hours);
  });

  it.each([0.001, 1.005, 0.333, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (hours) => {
    expect(() => toHundredths(hours)).toThrow(RuleInputError);
  });

  it('names the field in the error', () => {
    expect(() => toHundredths(0.125, 'online[0].hours')).toThrow('online[0].hours 最多保留两位小数：0.125');
  });

  it('formats hours without needless decimals', () => {
    expect(formatHours(2400)).toBe('24');
    expect(formatHours(50)).toBe('0.5');
    expect(formatHours(1225)).toBe('12.25');
    expect(formatHours(0)).toBe('0');
  });

  it('scales rounding down to a whole hundredth', () => {
    expect(scaleHundredths(4000, 1, 2)).toBe(2000);
    expect(scaleHundredths(4000, 5, 12)).toBe(1666);
    expect(scaleHundredths(1, 1, 2)).toBe(0);
    expect(scaleHundredths(400, 0, 0)).toBe(0);
  });
});
