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
 */
import { enforce } from '../../errors';
import { fxpConstant } from '../../ring/fixedPoint';
import { addAC, squareA } from '../../protocols/semi2k/arithmetic';
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
  let r = addAC(s, await truncA(s, x, iterations), fxpConstant(1, p.fxp));
  for (let i = 0; i < iterations; i++) r = await truncA(s, await squareA(s, r), p.fxp);
  return r;
}
