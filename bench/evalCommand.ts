/**
 * `tabmpc eval`: the accuracy evaluation SPU's team used, run through the real secure protocol
 * (2 parties, in process): valid-range scores on [−40, 40], MSE/MAE/MAPE on [−20, 20], and the
 * largest relative error inside each method's documented domain.
 */
import { EXP_METHODS, expDomain, expMethodProblem, type ExpMethod } from '../src/mpc/approx/exp';
import { TAYLOR_DEFAULT_ITERATIONS } from '../src/mpc/approx/exp/taylor';
import { errorStats, linspace, rangeScores } from '../src/mpc/eval/metrics';
import { profileOf, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import { defaultFractionBits, type Field } from '../src/mpc/ring';
import { runExpInProcess } from '../src/mpc/session/expRun';
import { markdownTable } from './args';
import { parseExpFlags } from './expFlags';

export async function evaluateMethod(method: ExpMethod, profile: ProfileName, field: Field, n: number) {
  const domain = expDomain(method, field, defaultFractionBits(field), profileOf(profile), TAYLOR_DEFAULT_ITERATIONS);
  const wide = linspace(-40, 40, n);
  const mid = linspace(-20, 20, n);
  const dom = linspace(domain[0], domain[1], n);
  const xs = new Float64Array(3 * n);
  xs.set(wide, 0);
  xs.set(mid, n);
  xs.set(dom, 2 * n);
  const { y } = await runExpInProcess(xs, { method, profile, field, parties: 2 });
  const scores = rangeScores(wide, y.subarray(0, n));
  const mids = errorStats(mid, y.subarray(n, 2 * n));
  const inDomain = errorStats(dom, y.subarray(2 * n));
  return {
    method,
    ...(method === 'taylor' ? { iterations: TAYLOR_DEFAULT_ITERATIONS } : {}),
    profile,
    field,
    n,
    ...scores,
    mse: mids.mse,
    mae: mids.mae,
    mape: mids.mape,
    maxRelErrInDomain: inDomain.maxRelErr,
    domain,
  };
}

export async function evalCommand(argv: readonly string[]): Promise<void> {
  const { settings } = parseExpFlags(argv, { n: 10000 });
  const { profile, field, n } = settings;
  const methods = settings.method ? [settings.method] : EXP_METHODS.filter((m) => expMethodProblem(m, 2, field) === null);
  const rows = [];
  for (const m of methods) rows.push(await evaluateMethod(m, profile, field, n));
  if (settings.json) {
    process.stdout.write(JSON.stringify({ rows }) + '\n');
    return;
  }
  console.log(`exp accuracy through the secure protocol, ${field}, 2 parties, profile ${profile}, n = ${n} points per set`);
  console.log('range scores on [−40, 40]; MSE, MAE, MAPE (a fraction) on [−20, 20]; max relative error on the documented domain.\n');
  console.log(
    markdownTable(
      ['method', 'ape5', 'ape1', 'ape005', 'ae5', 'ae1', 'ae005', 'rangeScore', 'mse', 'mae', 'mape', 'maxRelErrInDomain', 'domain'],
      rows.map((r) => ({ ...r, domain: `[${r.domain[0]}, ${r.domain[1]}]` })),
    ),
  );
}
