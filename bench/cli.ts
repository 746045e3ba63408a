/**
 * The TabMPC command line: `npm run -s tabmpc -- <command> [options]`; `--help` lists the commands
 * and `<command> --help` each one's options (bench/cliHelp.ts).
 */
import { main } from './cliMain';
import { relaunchWithMallocTunables } from './mallocTunables';

const code = (await relaunchWithMallocTunables()) ?? (await main(process.argv.slice(2)));
// Exit explicitly (a party's WebRTC stack may hold handles after it left), but only once stdout has
// taken everything written: into a pipe, a last line written just before process.exit was lost.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
