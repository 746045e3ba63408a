/**
 * Two Node parties over real WebRTC (node-datachannel) through a real signaling server process on
 * 127.0.0.1: party 0 is `tabmpc party` in a child process, proposing exp by prime; party 1 joins
 * in this process and accepts it like a tab. Both results match Math.exp, and both parties' rounds
 * and bytes of the exp equal `tabmpc cost`'s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureExpCost } from '../../bench/costCommand';
import { joinRoom, type NodeParty, type RunEnd } from './party';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Start `tsx args` and resolve with the child and a reader of its stdout lines. */
function start(args: string[]): { child: ChildProcess; lines: AsyncIterator<string>; stderr: () => string } {
  const child = spawn(tsx, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), stderr: () => err };
}

async function nextLine(lines: AsyncIterator<string>, match: RegExp, stderr: () => string): Promise<string> {
  for (;;) {
    const r = await lines.next();
    if (r.done) throw new Error(`the process ended before printing ${match}; stderr: ${stderr()}`);
    if (match.test(r.value)) return r.value;
  }
}

describe('a Node party over node-datachannel', () => {
  const children: ChildProcess[] = [];
  let url = '';
  let party: NodeParty | null = null;

  beforeAll(async () => {
    const server = start(['signaling/main.ts', '--host', '127.0.0.1', '--port', '0', '--skip-build']);
    children.push(server.child);
    url = /running at (\S+)/.exec(await nextLine(server.lines, /running at /, server.stderr))![1]!;
  });

  afterAll(() => {
    party?.close();
    for (const c of children) c.kill();
  });

  it('runs exp by prime with a CLI party: results match Math.exp, rounds and bytes equal tabmpc cost', async () => {
    const n = 200;
    const [lo, hi] = [-6, 9];
    const cli = start(['bench/cli.ts', 'party', '--url', url, '--create', '2', '--method', 'prime', '--n', String(n), `--lo=${lo}`, `--hi=${hi}`, '--json']);
    children.push(cli.child);
    const joined = JSON.parse(await nextLine(cli.lines, /"event":"joined"/, cli.stderr)) as { room: string; self: number; link: string };
    expect(joined.self).toBe(0);
    expect(joined.link).toBe(`${url.replace(/\/$/, '')}/?room=${joined.room}`);

    let ended!: (e: RunEnd) => void;
    const here = new Promise<RunEnd>((resolve) => (ended = resolve));
    party = await joinRoom({ signalingUrl: url.replace('http', 'ws') + 'signal', room: joined.room, input: { kind: 'value', value: 0, lo: 0, hi: 0, spacing: 'even' }, events: { onRunEnd: (e) => ended(e) } });
    expect(party.mesh.self).toBe(1);
    const there = JSON.parse(await nextLine(cli.lines, /"event":"run"/, cli.stderr)) as {
      ok: boolean;
      exp: { rounds: number; payloadBytesSent: number; payloadBytesReceived: number };
      x: number[];
      y: number[];
      check: { withinTolerance: number; n: number; maxRelErr: number; tolerance: number };
    };
    const mine = await here;
    if (!mine.ok) throw new Error(`${mine.code}: ${mine.message}`);

    const want = await measureExpCost({ method: 'prime', profile: 'fast', field: 'FM128', parties: 2, n, batching: true, iterations: 8 });
    expect(there.ok).toBe(true);
    expect(there.exp.rounds).toBe(want.rounds);
    expect(there.exp.payloadBytesSent).toBe(want.bytesSentPerElement * n);
    expect(there.exp.payloadBytesReceived).toBe(want.bytesReceivedPerElement * n);
    expect(mine.result.exp.rounds).toBe(want.rounds);
    expect(mine.result.exp.payloadBytesSent).toBe(want.bytesSentPerElement * n);

    // party 0 checked all n against Math.exp; here, the opened y against the inputs it announced
    expect(there.check.n).toBe(n);
    expect(there.check.withinTolerance).toBe(n);
    expect(mine.x).toBeNull();
    expect(mine.result.y).toHaveLength(n);
    for (let k = 0; k < n; k++) {
      const x = lo + ((hi - lo) * k) / (n - 1);
      expect(Math.abs(mine.result.y[k]! - Math.exp(x)) / Math.exp(x)).toBeLessThan(there.check.tolerance);
    }
    expect(there.x).toEqual([...Array(there.x.length).keys()].map((k) => lo + ((hi - lo) * k) / (n - 1)));
    expect(there.y).toEqual([...mine.result.y.subarray(0, there.y.length)]);
    expect(await new Promise((resolve) => cli.child.on('exit', resolve))).toBe(0);
  });
});
