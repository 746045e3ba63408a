/**
 * The CLI's flags, parsed by Node's own `util.parseArgs` (strict: unknown options, positionals and
 * missing values are errors) and then checked against each command's spec: integers and choices.
 * Every problem is one UsageError naming the flag (the CLI prints it as one line, exit code 2).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export class UsageError extends Error {}

/** A failure the CLI reports in one line with its exit code (2: nothing could be done, e.g. no server). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface FlagSpec {
  readonly [name: string]: { readonly kind: 'string' | 'int' | 'number' | 'bool'; readonly choices?: readonly string[] };
}

export type Flags = Record<string, string | number | boolean | undefined>;

/** Parse `--name value` / `--name=value` / `--flag` against `spec`. */
export function parseFlags(argv: readonly string[], spec: FlagSpec): Flags {
  const options = optionsOf(spec);
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(explain(argv, spec, err as Error));
  }
  const out: Flags = {};
  for (const [name, v] of Object.entries(values)) {
    const s = spec[name]!;
    if (typeof v === 'boolean') {
      out[name] = v;
    } else if (typeof v === 'string') {
      out[name] = checked(name, v, s);
    }
  }
  return out;
}

function optionsOf(spec: FlagSpec): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = {};
  for (const [name, s] of Object.entries(spec)) options[name] = { type: s.kind === 'bool' ? 'boolean' : 'string' };
  return options;
}

function checked(name: string, v: string, s: FlagSpec[string]): string | number {
  // a value that is itself a flag: the user left this one's value out
  if (v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  if (s.kind === 'int') {
    const num = Number(v);
    if (v.trim() === '' || !Number.isInteger(num) || num < 1) throw new UsageError(`--${name} needs a positive integer, got '${v}'`);
    return num;
  }
  if (s.kind === 'number') {
    const num = Number(v);
    if (v.trim() === '' || !Number.isFinite(num)) throw new UsageError(`--${name} needs a number, got '${v}'`);
    return num;
  }
  if (s.choices && !s.choices.includes(v)) throw new UsageError(`--${name} must be one of ${s.choices.join(', ')}; got '${v}'`);
  return v;
}

/** parseArgs' refusal in the CLI's words: which argument, and what is wrong with it. */
function explain(argv: readonly string[], spec: FlagSpec, err: Error): string {
  const { tokens } = parseArgs({ args: [...argv], options: optionsOf(spec), strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional') return `unexpected argument '${t.value}'`;
    if (t.kind !== 'option') continue;
    const s = spec[t.name];
    if (!s) return `unknown option ${t.rawName}; known: ${Object.keys(spec).map((k) => `--${k}`).join(' ')}`;
    if (s.kind === 'bool' && t.inlineValue) return `--${t.name} takes no value`;
    if (s.kind === 'bool') continue;
    // parseArgs takes no value that starts with a dash after a space: a flag, or a negative number
    const next = t.value ?? argv[t.index + 1];
    if (next !== undefined && next.startsWith('-') && next.trim() !== '-' && Number.isFinite(Number(next))) {
      return s.kind === 'number' ? `write a negative value as --${t.name}=${next}` : `--${t.name} needs a positive integer, got '${next}'`;
    }
    if (t.value === undefined || t.value.startsWith('-')) return `--${t.name} needs a value`;
  }
  return err.message;
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
