/**
 * `tabmpc ledger`: where the bytes and rounds of one exp go, operation by operation, measured
 * from the executed graph of a real run (2 parties by default, in process).
 */
import { compactRounds, ledger } from '../src/mpc/eval/ledger';
import { linspace } from '../src/mpc/eval/metrics';
import { runExpInProcess } from '../src/mpc/session/expRun';
import { markdownTable } from './args';
import { parseExpFlags } from './expFlags';

export async function ledgerCommand(argv: readonly string[]): Promise<void> {
  const { settings } = parseExpFlags(argv, { n: 16 });
  const { profile, field, parties, n, batching } = settings;
  const method = settings.method ?? 'pade';
  const res = await runExpInProcess(linspace(-1, 1, n), { method, profile, field, parties, batching, iterations: settings.iterations });
  const rows = ledger(res.graph, n);
  const total = res.traffic[0]!;
  if (settings.json) {
    process.stdout.write(JSON.stringify({ method, profile, field, parties, n, batching, rounds: total.rounds, bytesSentPerElement: total.payloadBytesSent / n, rows }) + '\n');
    return;
  }
  console.log(`exp ${method}, profile ${profile}, ${field}, ${parties} parties, batching ${batching ? 'on' : 'off'}, n = ${n}`);
  console.log(`total: ${total.rounds} rounds, ${total.payloadBytesSent / n} bytes sent per element (party 0)\n`);
  console.log(
    markdownTable(
      ['scope', 'op', 'calls', 'rounds', 'bytesSentPerElement'],
      rows.map((r) => ({ ...r, rounds: compactRounds(r.rounds) })),
    ),
  );
}
