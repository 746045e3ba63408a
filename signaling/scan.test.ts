import { describe, expect, it } from 'vitest';
import { mulberry32 } from './loadDriver';
import { scanMessage } from './scan';

/** A random JSON value of at most `depth` levels, written with random spacing and escapes. */
function randomJson(rand: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const ws = (): string => pick(['', '', ' ', '\n', '\t ', '\r\n']);
  const str = (): string => pick(['"data"', '"d\\u0061ta"', '"x"', '"[{\\"}]"', '"\\\\"', '"é"', '""', '"a,b:c"', '"\\ud83d\\ude00"']);
  const r = rand();
  if (depth <= 0 || r < 0.35) return pick(['0', '-1.5e3', '9e20', '12345678901234567890', 'true', 'false', 'null', str()]);
  const n = Math.floor(rand() * 4);
  if (r < 0.65) return `[${ws()}${Array.from({ length: n }, () => randomJson(rand, depth - 1)).join(`${ws()},${ws()}`)}${ws()}]`;
  return `{${ws()}${Array.from({ length: n }, () => `${str()}${ws()}:${ws()}${randomJson(rand, depth - 1)}`).join(`${ws()},${ws()}`)}${ws()}}`;
}

/** Depth as written (a duplicate key's earlier value counts too): strings blanked by a regex, then brackets counted. */
function textDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of text.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (c === '[' || c === '{') deepest = Math.max(deepest, (depth += 1));
    else if (c === ']' || c === '}') depth -= 1;
  }
  return deepest;
}

describe('scanMessage', () => {
  it('agrees with JSON.parse on depth and on the top-level "data" value (2,000 seeded random messages)', () => {
    const rand = mulberry32(12);
    let withData = 0;
    for (let i = 0; i < 2000; i += 1) {
      const text = rand() < 0.5 ? `{"type":"signal",${randomJson(rand, 5).replace(/^\{|\}$/g, '')}}` : randomJson(rand, 6);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue; // the splice above can leave a dangling comma: not the scanner's business
      }
      const scan = scanMessage(text, 32);
      expect(scan.depth, text).toBe(textDepth(text));
      const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
      if (isObject && 'data' in (value as object)) {
        withData += 1;
        expect(JSON.parse(text.slice(scan.dataStart, scan.dataEnd)), text).toEqual((value as { data: unknown }).data);
      } else {
        expect(scan.dataStart, text).toBe(-1);
      }
    }
    expect(withData).toBeGreaterThan(100);
  });

  it('stops at the limit without walking the rest, and does not count brackets in strings', () => {
    expect(scanMessage('['.repeat(100_000), 32).depth).toBe(33);
    expect(scanMessage(`{"a":"${'['.repeat(1000)}"}`, 32).depth).toBe(1);
    expect(scanMessage(`{"a":"\\"[[["}`, 32).depth).toBe(1);
    expect(scanMessage(`${']'.repeat(50)}${'['.repeat(40)}`, 32).depth).toBe(33);
  });
});
