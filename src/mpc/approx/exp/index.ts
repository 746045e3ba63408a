/**
 * exp(x) on a secret fixed-point array by one of three methods (spu-exp.md): taylor (the limit
 * formula), pade (polynomial for the fraction, integer part bit by bit) and prime (constant
 * rounds through GF(2^127 − 1), two parties on FM128 only).
 */
import { MpcError } from '../../errors';
import type { Field } from '../../ring';
import type { Party } from '../../protocols/semi2k/party';
import type { AShare } from '../../protocols/semi2k/shares';
import type { Profile } from '../../protocols/semi2k/profile';
import { expPade, PADE_BOUND } from './pade';
import { expPadeParallel } from './padeParallel';
import { expPrime, primeLowerBound, type PrimeOptions } from './prime';
import { EXP_METHODS, expMethodProblem, type ExpMethod } from './methods';
import { expTaylor, TAYLOR_DEFAULT_ITERATIONS } from './taylor';


export { EXP_METHODS, expMethodProblem, type ExpMethod } from './methods';

export interface ExpOptions extends PrimeOptions {
  readonly method: ExpMethod;
  /** taylor only: N in (1 + x/2^N)^(2^N); default 8. */
  readonly iterations?: number;
}

/** e^x elementwise, by the chosen method. */
export function exp(p: Party, x: AShare, opts: ExpOptions): Promise<AShare> {
  switch (opts.method) {
    case 'taylor':
      return expTaylor(p, x, opts.iterations ?? TAYLOR_DEFAULT_ITERATIONS);
    case 'pade':
      return p.profile.expStructure === 'parallel' && p.parties === 2 ? expPadeParallel(p, x) : expPade(p, x);
    case 'prime':
      return expPrime(p, x, opts);
    default:
      throw new MpcError('ERR_UNSUPPORTED', `unknown exp method '${String(opts.method)}': use ${EXP_METHODS.join(', ')}`);
  }
}

/** Throw ERR_UNSUPPORTED before any traffic if the method cannot run in this session. */
export function checkExpSupported(p: Pick<Party, 'parties' | 'field'>, method: ExpMethod): void {
  const problem = expMethodProblem(method, p.parties, p.field);
  if (problem) throw new MpcError('ERR_UNSUPPORTED', problem);
}

/**
 * The documented valid domain of each method under a profile: the interval on which its relative
 * error stays within expTolerance(method).
 */
export function expDomain(method: ExpMethod, field: Field, fxp: number, profile: Profile, iterations = TAYLOR_DEFAULT_ITERATIONS): [number, number] {
  switch (method) {
    case 'taylor': {
      // 1% from the formula: e^(−x²/2^(N+1)) (square) or e^(−(2/3)x³/2^(2N)) (second order), and
      // no lower than where the output is ~400 ulps of 2^−f
      const [lo, hi] =
        profile.taylorFirstStep === 'square'
          ? symmetric(Math.sqrt(2 ** (iterations + 1) * 0.01005))
          : symmetric(Math.min(Math.cbrt(1.5 * 2 ** (2 * iterations) * 0.01005), 2 ** iterations / 2));
      return [Math.max(lo, Math.ceil(Math.log(400 / 2 ** fxp))), hi];
    }
    case 'pade':
      // below about −12 the output ~2^-17 is only a few hundred ulps (f = 26) or a handful (f = 18)
      return [field === 'FM64' ? -6 : -12, Math.floor(PADE_BOUND * 100) / 100];
    case 'prime':
      // the clamp, or where the output falls below ~400 ulps of 2^−f, whichever is higher
      return [Math.max(Math.ceil(primeLowerBound(fxp, profile.primeMantissaBits) * 100) / 100, Math.ceil(Math.log(400 / 2 ** fxp))), 40];
  }
}

function symmetric(a: number): [number, number] {
  const r = Math.floor(a * 100) / 100;
  return [-r, r];
}
