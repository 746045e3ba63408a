/**
 * `tabmpc ledger`: where the bytes and rounds of one exp go, operation by operation, measured
 * from the executed graph of a real run (2 parties by default, in process).
 */
import { EXP_METHODS, type ExpMethod } from '../src/mpc/approx/exp';
import { TAYLOR_DEFAULT_ITERATIONS } from '../src/mpc/approx/exp/taylor';
import { ledger } from '../src/mpc/eval/ledger';
import { linspace } from '../src/mpc/eval/metrics';
import { DEFAULT_PROFILE, PROFILE_NAMES, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import type { Field } from '../src/mpc/ring';
import { runExpInProcess } from '../src/mpc/testing/expRun';
import { markdownTable, parseFlags } from './args';

export async function ledgerCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, {
    json: { kind: 'bool' },
    method: { kind: 'string', choices: EXP_METHODS },
    profile: { kind: 'string', choices: PROFILE_NAMES },
    field: { kind: 'string', choices: ['FM64', 'FM128'] },
    parties: { kind: 'int' },
    n: { kind: 'int' },
    batching: { kind: 'string', choices: ['on', 'off'] },
  });
  const method = (flags.method as ExpMethod | undefined) ?? 'pade';
  const profile = (flags.profile as ProfileName | undefined) ?? DEFAULT_PROFILE;
  const field = (flags.field as Field | undefined) ?? 'FM128';
  const parties = (flags.parties as number | undefined) ?? 2;
  const n = (flags.n as number | undefined) ?? 16;
  const batching = (flags.batching ?? 'on') === 'on';
  const res = await runExpInProcess(linspace(-1, 1, n), { method, profile, field, parties, batching, iterations: TAYLOR_DEFAULT_ITERATIONS });
  const rows = ledger(res.graph, n);
  const total = res.traffic[0]!;
  if (flags.json) {
    process.stdout.write(JSON.stringify({ method, profile, field, parties, n, batching, rounds: total.rounds, bytesSentPerElement: total.payloadBytesSent / n, rows }) + '\n');
    return;
  }
  console.log(`exp ${method}, profile ${profile}, ${field}, ${parties} parties, batching ${batching ? 'on' : 'off'}, n = ${n}`);
  console.log(`total: ${total.rounds} rounds, ${total.payloadBytesSent / n} bytes sent per element (party 0)\n`);
  console.log(
    markdownTable(
      ['scope', 'op', 'calls', 'rounds', 'bytesSentPerElement'],
      rows.map((r) => ({ ...r, rounds: compactRanges(r.rounds) })),
    ),
  );
}

/** [1,2,3,5] → "1–3, 5" */
function compactRanges(xs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    out.push(i === j ? `${xs[i]}` : `${xs[i]}–${xs[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
