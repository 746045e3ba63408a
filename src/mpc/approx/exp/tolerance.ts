/**
 * The largest relative error each exp method promises on its documented domain (expDomain in
 * index.ts), with both rings, both profiles and any number of parties: measured by `tabmpc eval`
 * and asserted by exp.test.ts. Near the low end of the domains the output is only a few hundred
 * ulps of 2^−f, which is what bounds the relative error there. Kept free of engine imports so the
 * page can show it.
 */
export function expTolerance(method: 'taylor' | 'pade' | 'prime'): number {
  return method === 'taylor' ? 0.015 : 0.0025;
}
