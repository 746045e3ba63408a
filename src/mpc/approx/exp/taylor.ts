/**
 * exp by the limit formula e^x ≈ (1 + x/2^N)^(2^N) (CrypTen; SPU's "taylor", fxp_exp_iters = N).
 *
 *   r = Trunc(X, N) + 1.0;  N times: r = Trunc(r², f)
 *
 * Domain and error: relative error ≈ e^(−x²/2^(N+1)) − 1, so about −2e−3 at |x| = 1, −8e−3 at
 * x = 2, −0.18 at |x| = 10 for N = 8; fine only for |x| ≲ 2 (documented domain [−2, 2], where the
 * measured relative error stays below 1%). Below −2^N the base turns negative and squaring gives
 * garbage; above about 56 (FM128, f = 26) the squares overflow TruncAPr's 2^(k−2) bound.
 * Cost (spu2024, 2PC, FM128): 1 + 2N rounds, (1 + 2N)·16 bytes: 17 rounds, 272 bytes for N = 8.
 *
 * fast profile: truncations are local, and the first squaring computes 1 + 2y + 2y² (y = x/2^N),
 * e^(2y) to second order, instead of (1 + y)²: the same one squaring, but the result is then
 * e^(x − (2/3)·x³/2^(2N)) instead of e^(x − x²/2^(N+1)): relative error −x³/98304 for N = 8, within
 * 1% for |x| ≤ 9.9 instead of 2.26. Below about −200 (y < −0.78) the base climbs back towards 1
 * and the result is wrong; below −2^N both variants give garbage.
 * Cost (fast, 2PC, FM128): N rounds, N·16 bytes: 8 rounds, 128 bytes for N = 8.
 */
import { enforce } from '../../errors';
import { fxpConstant } from '../../ring/fixedPoint';
import { addAA, addAC, lshiftA, squareA } from '../../protocols/semi2k/arithmetic';
import type { Party } from '../../protocols/semi2k/party';
import type { AShare } from '../../protocols/semi2k/shares';
import { truncA } from '../../protocols/semi2k/truncation';

export const TAYLOR_DEFAULT_ITERATIONS = 8;

export async function expTaylor(p: Party, x: AShare, iterations = TAYLOR_DEFAULT_ITERATIONS): Promise<AShare> {
  enforce(
    Number.isInteger(iterations) && iterations >= 1 && iterations <= 20,
    'ERR_RANGE',
    `taylor iterations must be an integer in 1..20, got ${iterations}`,
  );
  const s = p.scoped('exp.taylor');
  const one = fxpConstant(1, p.fxp);
  const y = await truncA(s, x, iterations);
  let r: AShare;
  if (p.profile.taylorFirstStep === 'second-order') {
    // r = 1 + 2y + 2y² ≈ e^(2y): one squaring, like the first step it replaces, but the base
    // is right to second order, and never negative (its minimum is 1/2 at y = −1/2)
    const y2 = await truncA(s, await squareA(s, y), p.fxp);
    r = addAC(s, lshiftA(s, addAA(s, y, y2), 1), one);
    iterations -= 1;
  } else {
    r = addAC(s, y, one);
  }
  for (let i = 0; i < iterations; i++) r = await truncA(s, await squareA(s, r), p.fxp);
  return r;
}
