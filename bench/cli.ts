/**
 * The TabMPC command line: `npm run -s tabmpc -- <command> [options]`; `--help` lists the commands
 * and `<command> --help` each one's options (bench/cliHelp.ts).
 */
import { main } from './cliMain';

// exit explicitly: a party's WebRTC stack may hold handles after it left (stdout is a file or a
// pipe here, written synchronously on POSIX, so nothing is cut short)
process.exit(await main(process.argv.slice(2)));
