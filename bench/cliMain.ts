/**
 * The CLI's dispatch (bench/cli.ts runs it): a command per name, `--help` on each, and errors as one
 * line with an exit code: 2 for bad input (an unknown flag, a bad value, a server or room that cannot
 * be used), 1 for a failed run; never a stack trace.
 */
import { MpcError } from '../src/mpc/errors';
import { CliError, UsageError } from './args';
import { COMMAND_HELP, USAGE } from './cliHelp';
import { benchCommand } from './benchCommand';
import { compareCommand } from './compareCommand';
import { costCommand } from './costCommand';
import { evalCommand } from './evalCommand';
import { ledgerCommand } from './ledgerCommand';
import { opsCommand } from './opsCommand';
import { partyCommand } from './partyCommand';

const COMMANDS: Record<keyof typeof COMMAND_HELP, (argv: readonly string[]) => Promise<void>> = {
  ops: opsCommand,
  cost: costCommand,
  eval: evalCommand,
  ledger: ledgerCommand,
  bench: benchCommand,
  party: partyCommand,
  compare: compareCommand,
};

/** Run the CLI on `argv`; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    (cmd === undefined ? console.error : console.log)(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  const run = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd as keyof typeof COMMANDS] : undefined;
  if (!run) {
    console.error(`tabmpc: unknown command '${cmd}'; commands: ${Object.keys(COMMANDS).join(', ')} (npm run -s tabmpc -- --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(COMMAND_HELP[cmd as keyof typeof COMMAND_HELP]);
    return 0;
  }
  try {
    await run(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`tabmpc ${cmd}: ${err.message} (npm run -s tabmpc -- ${cmd} --help)`);
      return 2;
    }
    if (err instanceof CliError) {
      console.error(`tabmpc ${cmd}: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof MpcError) {
      console.error(`tabmpc ${cmd}: error ${err.code}: ${err.message}`);
      return 1;
    }
    console.error(`tabmpc ${cmd}: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
