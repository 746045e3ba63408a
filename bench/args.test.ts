import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError, type FlagSpec } from './args';

const SPEC = {
  json: { kind: 'bool' },
  n: { kind: 'int' },
  lo: { kind: 'number' },
  method: { kind: 'string', choices: ['taylor', 'prime'] },
  url: { kind: 'string' },
} as const satisfies FlagSpec;

/** The UsageError's message for argv, or null if it parses. */
function problem(argv: string[]): string | null {
  try {
    parseFlags(argv, SPEC);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
}

describe('parseFlags (util.parseArgs underneath)', () => {
  it('reads --name value, --name=value and bare booleans, with ints, numbers and choices checked', () => {
    expect(parseFlags(['--n', '12', '--json', '--method=prime', '--lo=-2.5', '--url', 'http://x/'], SPEC)).toEqual({ n: 12, json: true, method: 'prime', lo: -2.5, url: 'http://x/' });
    expect(parseFlags([], SPEC)).toEqual({});
  });

  it('names the flag and the problem in one line', () => {
    expect(problem(['--nn', '3'])).toBe('unknown option --nn; known: --json --n --lo --method --url');
    expect(problem(['-x'])).toMatch(/^unknown option -x;/);
    expect(problem(['prime'])).toBe("unexpected argument 'prime'");
    expect(problem(['--n'])).toBe('--n needs a value');
    expect(problem(['--n', '--json'])).toBe('--n needs a value');
    expect(problem(['--n', '0'])).toBe("--n needs a positive integer, got '0'");
    expect(problem(['--n', '1.5'])).toBe("--n needs a positive integer, got '1.5'");
    expect(problem(['--lo', 'abc'])).toBe("--lo needs a number, got 'abc'");
    expect(problem(['--lo', '-3'])).toBe('write a negative value as --lo=-3');
    expect(problem(['--method', 'pade'])).toBe("--method must be one of taylor, prime; got 'pade'");
    expect(problem(['--json=yes'])).toBe('--json takes no value');
    for (const argv of [['--nn'], ['--n'], ['--method', 'x'], ['--json=1']]) expect(problem(argv)).not.toContain('\n');
  });
});
