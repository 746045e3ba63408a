import { describe, expect, it } from 'vitest';
import { readDecimal, readWholeNumber } from './fieldReading';

const n = (t: string) => readWholeNumber(t, 'Values n', 1, 2_000_000);

describe('a whole-number field', () => {
  it('reads what was typed, exactly', () => {
    expect(n('500')).toEqual({ value: 500, problem: null });
    expect(n(' 2,000,000 ')).toEqual({ value: 2_000_000, problem: null });
    expect(n('1e3')).toEqual({ value: 1000, problem: null });
    expect(n('1')).toEqual({ value: 1, problem: null });
  });

  it('gives a reason for every value it cannot use, never a nearby value', () => {
    expect(n('-5')).toEqual({ value: null, problem: 'Values n must be a whole number from 1 to 2,000,000; -5 is below 1.' });
    expect(n('0')).toEqual({ value: null, problem: 'Values n must be a whole number from 1 to 2,000,000; 0 is below 1.' });
    expect(n('abc')).toEqual({ value: null, problem: 'Values n must be a whole number from 1 to 2,000,000; “abc” is not a number.' });
    expect(n('1e9')).toEqual({ value: null, problem: 'Values n must be a whole number from 1 to 2,000,000; 1,000,000,000 is above 2,000,000.' });
    expect(n('')).toEqual({ value: null, problem: 'Values n must be a whole number from 1 to 2,000,000; the field is empty.' });
    expect(n('2.5')).toEqual({ value: null, problem: 'Values n must be a whole number from 1 to 2,000,000; 2.5 is not whole.' });
    expect(n('12abc').problem).toMatch(/“12abc” is not a number/);
    expect(n('1,00').problem).toMatch(/“1,00” is not a number/);
  });
});

describe('a decimal field', () => {
  it('reads signed decimals and refuses the rest with a reason', () => {
    expect(readDecimal('-10', 'from')).toEqual({ value: -10, problem: null });
    expect(readDecimal('.5', 'x')).toEqual({ value: 0.5, problem: null });
    expect(readDecimal('1e400', 'x')).toEqual({ value: null, problem: 'x must be a number; “1e400” is not one.' });
    expect(readDecimal('', 'to')).toEqual({ value: null, problem: 'to must be a number; the field is empty.' });
    expect(readDecimal('-', 'to').problem).toBe('to must be a number; “-” is not one.');
  });
});
