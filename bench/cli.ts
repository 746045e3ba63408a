/**
 * The TabMPC command line: `npm run -s tabmpc -- <command> [options]`.
 *   ops    cost of every SEMI2K kernel (bytes and rounds per element)
 *   cost   cost of exp by each method
 *   eval   accuracy of exp by each method (SPU's evaluation), through the real protocol
 *   ledger where one exp's bytes and rounds go, operation by operation
 *   bench  exp time under an emulated network (SPU's presets), measured and estimated
 */
import { MpcError } from '../src/mpc/errors';
import { UsageError } from './args';
import { benchCommand } from './benchCommand';
import { costCommand } from './costCommand';
import { evalCommand } from './evalCommand';
import { ledgerCommand } from './ledgerCommand';
import { opsCommand } from './opsCommand';

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<void>> = {
  ops: opsCommand,
  cost: costCommand,
  eval: evalCommand,
  ledger: ledgerCommand,
  bench: benchCommand,
};

const USAGE = `usage: npm run -s tabmpc -- <command> [options]
commands:
  ops   [--json] [--field FM64|FM128] [--parties N] [--n N] [--batching on|off] [--profile P] [--op NAME] [--trust tfp|ot] [--ot-extension softspoken4..softspoken8|iknp]
  cost  [--json] [--method taylor|pade|prime] [--profile P] [--field F] [--parties N] [--n N] [--iterations N] [--batching on|off] [--trust tfp|ot] [--ot-extension softspoken4..softspoken8|iknp]
  eval  [--json] [--method taylor|pade|prime] [--profile P] [--field F] [--n N]
  ledger [--json] [--method M] [--profile P] [--field F] [--parties N] [--n N] [--batching on|off]
  bench [--json] [--net 100Gbit-0ms|1Gbit-1ms|100Mbit-10ms|10Mbit-100ms] [--method M] [--profile P] [--field F] [--n N] [--batching on|off] [--trust tfp|ot] [--ot-extension softspoken4..softspoken8|iknp]`;

async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const run = cmd ? COMMANDS[cmd] : undefined;
  if (!run) {
    console.error(cmd ? `unknown command '${cmd}'\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof MpcError) {
      console.error(`error ${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
