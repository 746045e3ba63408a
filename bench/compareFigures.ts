/**
 * The figures of `tabmpc compare`: every number in a command's --json answer, labelled by where it
 * sits, and the medians of several runs before and after a change side by side.
 *
 * A JSON array of rows is labelled by each row's strings and booleans (e.g. "rows[prime fast FM128
 * true].ms"), not by its index, so that rows line up between two versions even if one of them
 * answers with more or fewer rows.
 */

/** label → value for every finite number in `json`. */
export function numbersIn(json: unknown, at = ''): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (v: unknown, label: string): void => {
    if (typeof v === 'number') {
      if (Number.isFinite(v)) out.set(label, v);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${label}[${rowName(item) ?? i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) visit(item, label === '' ? k : `${label}.${k}`);
    }
  };
  visit(json, at);
  return out;
}

/** A row's identity: its string and boolean fields, in order; null if it has none. */
function rowName(item: unknown): string | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
  const parts = Object.values(item).filter((v) => typeof v === 'string' || typeof v === 'boolean');
  return parts.length > 0 ? parts.join(' ') : null;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface ComparedFigure {
  readonly label: string;
  readonly before: readonly number[];
  readonly after: readonly number[];
  /** median(after) / median(before); null when the median before is 0. */
  readonly ratio: number | null;
  /** Every run, before and after, gave the same value (a cost, not a time). */
  readonly exact: boolean;
}

/** The figures found in every run of both versions, in the order the first answer gave them. */
export function compareRuns(before: readonly Map<string, number>[], after: readonly Map<string, number>[]): ComparedFigure[] {
  const first = before[0] ?? new Map<string, number>();
  const out: ComparedFigure[] = [];
  for (const label of first.keys()) {
    if (![...before, ...after].every((m) => m.has(label))) continue;
    const b = before.map((m) => m.get(label)!);
    const a = after.map((m) => m.get(label)!);
    const mb = median(b);
    out.push({ label, before: b, after: a, ratio: mb === 0 ? null : median(a) / mb, exact: [...b, ...a].every((v) => v === b[0]) });
  }
  return out;
}

/** Labels that only one version answered with (a new or dropped figure). */
export function unmatched(before: readonly Map<string, number>[], after: readonly Map<string, number>[]): { onlyBefore: string[]; onlyAfter: string[] } {
  const b = new Set(before.flatMap((m) => [...m.keys()]));
  const a = new Set(after.flatMap((m) => [...m.keys()]));
  return { onlyBefore: [...b].filter((l) => !a.has(l)), onlyAfter: [...a].filter((l) => !b.has(l)) };
}

const fmt = (v: number): string => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 3 }));

/** A Markdown table: each figure's runs and medians before and after, and the ratio. */
export function compareTable(figures: readonly ComparedFigure[]): string {
  const lines = ['| figure | before: median [runs] | after: median [runs] | after / before |', '|---|---|---|---|'];
  for (const f of figures) {
    if (f.exact) {
      lines.push(`| ${f.label} | ${fmt(f.before[0]!)} | the same in every run | = |`);
      continue;
    }
    const side = (xs: readonly number[]): string => `${fmt(median(xs))} [${xs.map(fmt).join(', ')}]`;
    lines.push(`| ${f.label} | ${side(f.before)} | ${side(f.after)} | ${f.ratio === null ? '–' : f.ratio.toFixed(3)} |`);
  }
  return lines.join('\n');
}
