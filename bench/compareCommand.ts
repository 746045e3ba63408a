/**
 * `tabmpc compare --ref REF [--reps N] -- <command> [flags]`: the same CLI command in this checkout
 * ("after") and in a checkout of a git ref ("before"), run alternately (before, after, before, ...)
 * in fresh processes, so that both versions meet the same machine load; then every figure of the
 * command's --json answer side by side: medians, each run, and after ÷ before. Costs that every
 * run agreed on are marked "=", so one table shows both a speed-up and that bytes and rounds held.
 *
 * The ref is checked out into a temporary git worktree (this checkout's node_modules linked into
 * it) that is removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, parseFlags, UsageError } from './args';
import { compareRuns, compareTable, numbersIn, unmatched } from './compareFigures';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Commands whose --json answer is one object at the end of a finite run. */
const COMPARABLE = ['ops', 'cost', 'eval', 'ledger', 'bench'];

export async function compareCommand(argv: readonly string[]): Promise<void> {
  const cut = argv.indexOf('--');
  if (cut < 0) throw new UsageError('give the command to compare after --, e.g. compare --ref HEAD~1 -- cost --method prime --n 1000000');
  const flags = parseFlags(argv.slice(0, cut), { ref: { kind: 'string' }, reps: { kind: 'int' }, json: { kind: 'bool' } });
  const ref = flags.ref as string | undefined;
  if (!ref) throw new UsageError('--ref is required: the git ref to compare this checkout against');
  const command = argv.slice(cut + 1);
  if (!COMPARABLE.includes(command[0] ?? '')) throw new UsageError(`the command to compare must be one of ${COMPARABLE.join(', ')}; got '${command[0] ?? ''}'`);
  const args = command.includes('--json') ? command : [...command, '--json'];
  const reps = (flags.reps as number | undefined) ?? 3;
  const sha = resolveRef(ref);

  const dir = mkdtempSync(join(tmpdir(), 'tabmpc-compare-'));
  const before = join(dir, 'before');
  git(['worktree', 'add', '--detach', '--quiet', before, sha]);
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(before, 'node_modules'));
    const runsBefore: Map<string, number>[] = [];
    const runsAfter: Map<string, number>[] = [];
    for (let i = 0; i < reps; i++) {
      for (const [name, cwd, into] of [['before', before, runsBefore], ['after', ROOT, runsAfter]] as const) {
        console.error(`compare: run ${i + 1} of ${reps}, ${name} (${name === 'before' ? sha.slice(0, 10) : 'this checkout'}): ${args.join(' ')}`);
        into.push(numbersIn(JSON.parse(await runCli(cwd, args))));
      }
    }
    const figures = compareRuns(runsBefore, runsAfter);
    const missing = unmatched(runsBefore, runsAfter);
    if (flags.json) {
      console.log(JSON.stringify({ ref, sha, command: args, reps, figures, ...missing }));
      return;
    }
    console.log(`before: ${ref} (${sha.slice(0, 10)}); after: this checkout; ${reps} runs each, alternating, each in a fresh process`);
    console.log(`command: npm run -s tabmpc -- ${args.join(' ')}\n`);
    console.log(compareTable(figures));
    if (missing.onlyBefore.length > 0) console.log(`\nonly before: ${missing.onlyBefore.join(', ')}`);
    if (missing.onlyAfter.length > 0) console.log(`\nonly after: ${missing.onlyAfter.join(', ')}`);
  } finally {
    git(['worktree', 'remove', '--force', before]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function git(args: readonly string[]): string {
  return execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function resolveRef(ref: string): string {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new CliError(`'${ref}' is not a commit of this repository (git rev-parse)`, 2);
  }
}

/** The CLI's stdout for `args` in the checkout at `cwd`; a failed run is a CliError with its last words. */
function runCli(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/cli.ts', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const last = Buffer.concat(err).toString('utf8').trim().split('\n').pop() ?? '';
      reject(new CliError(`the run in ${cwd} failed (exit ${code}): ${last}`, 1));
    });
  });
}
