/**
 * The exp methods and where each runs: tables and pure rules, no protocol code, so the page reads
 * them too (src/workers/readings.ts) instead of restating them.
 */
import type { Field } from '../../ring';
import { KERNELS } from '../../protocols/semi2k/kernels';

export type ExpMethod = 'taylor' | 'pade' | 'prime';
export const EXP_METHODS: readonly ExpMethod[] = ['taylor', 'pade', 'prime'];

/**
 * Why `method` cannot run with `parties` parties on `field`, or null if it can: the one support
 * rule, which the page reads too (src/workers/readings.ts). `where` names the setting in the text.
 */
export function expMethodProblem(method: ExpMethod, parties: number, field: Field, where = 'this session'): string | null {
  return method === 'prime' ? primeProblem(parties, field, where) : null;
}

/**
 * Why exp prime cannot run with `parties` parties on `field`, or null if it can: where its kernel
 * exp_a runs (the registry says two parties on FM128). `where` names the setting in the text
 * ('this session', or the page's 'this room').
 */
export function primeProblem(parties: number, field: Field, where = 'this session'): string | null {
  const k: { readonly parties: number; readonly fields: readonly Field[] } = KERNELS.exp_a;
  if (k.parties === parties && k.fields.includes(field)) return null;
  return `exp method 'prime' runs with ${k.parties} parties on ${k.fields.join(' or ')} only (${where}: ${parties} parties, ${field}); use 'taylor' or 'pade'`;
}
