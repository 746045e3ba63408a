/** A small, strict command-line parser: unknown flags and bad values are errors that say why. */
export class UsageError extends Error {}

export interface FlagSpec {
  readonly [name: string]: { readonly kind: 'string' | 'int' | 'bool'; readonly choices?: readonly string[] };
}

export type Flags = Record<string, string | number | boolean | undefined>;

/** Parse `--name value` / `--flag` pairs against `spec`. */
export function parseFlags(argv: readonly string[], spec: FlagSpec): Flags {
  const out: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument '${a}'`);
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}; known: ${Object.keys(spec).map((k) => `--${k}`).join(' ')}`);
    if (s.kind === 'bool') {
      out[name] = true;
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new UsageError(`--${name} needs a value`);
    if (s.kind === 'int') {
      const num = Number(v);
      if (!Number.isInteger(num) || num < 1) throw new UsageError(`--${name} needs a positive integer, got '${v}'`);
      out[name] = num;
    } else {
      if (s.choices && !s.choices.includes(v)) throw new UsageError(`--${name} must be one of ${s.choices.join(', ')}; got '${v}'`);
      out[name] = v;
    }
  }
  return out;
}

/** A markdown table from rows of records, columns in the given order. */
export function markdownTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const fmt = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? formatNumber(v) : String(v ?? ''));
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${columns.map((c) => fmt(r[c])).join(' | ')} |`);
  return lines.join('\n');
}

function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  // enough digits for exact costs such as 102.125 bytes, without float noise
  return a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
}
