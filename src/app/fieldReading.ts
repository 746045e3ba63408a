/**
 * Reading what a person typed in a number field of the run form. The field keeps the text as typed;
 * a reading is either the value it means or the reason it cannot be used, shown beside the field
 * and by the Run button (never a silent clamp to the nearest allowed value).
 */
export type FieldReading = { readonly value: number; readonly problem: null } | { readonly value: null; readonly problem: string };

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The number a text means: digits with an optional sign, decimals, exponent and thousands commas; NaN otherwise. */
function parseNumber(text: string): number {
  const t = text.trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number.NaN;
  return Number(t);
}

/** A whole number from `min` to `max` (inclusive), named `label` in the reason. */
export function readWholeNumber(text: string, label: string, min: number, max: number): FieldReading {
  const range = `${label} must be a whole number from ${intFormat.format(min)} to ${intFormat.format(max)}`;
  if (text.trim() === '') return { value: null, problem: `${range}; the field is empty.` };
  const v = parseNumber(text);
  if (Number.isNaN(v)) return { value: null, problem: `${range}; “${text.trim()}” is not a number.` };
  if (!Number.isInteger(v)) return { value: null, problem: `${range}; ${text.trim()} is not whole.` };
  if (v < min) return { value: null, problem: `${range}; ${intFormat.format(v)} is below ${intFormat.format(min)}.` };
  if (v > max) return { value: null, problem: `${range}; ${intFormat.format(v)} is above ${intFormat.format(max)}.` };
  return { value: v, problem: null };
}

/** Any finite number, named `label` in the reason. */
export function readDecimal(text: string, label: string): FieldReading {
  if (text.trim() === '') return { value: null, problem: `${label} must be a number; the field is empty.` };
  const v = parseNumber(text);
  if (!Number.isFinite(v)) return { value: null, problem: `${label} must be a number; “${text.trim()}” is not one.` };
  return { value: v, problem: null };
}
