/**
 * `tabmpc party`: a headless party in a room (src/node/party.ts), over real WebRTC. It takes part
 * in the room's runs like a tab, or proposes one (--method), with a progress bar of rounds and
 * bytes on the terminal (stderr, when it is one), then prints the costs and the result. With
 * --json, one JSON object per line on stdout: 'joined', then one 'run' per run.
 */
import { SingleBar } from 'cli-progress';
import { joinRoom, trustLine, type NodeParty, type RunEnd } from '../src/node/party';
import { serverCode, type PeerPath } from '../src/net';
import { plainMessage } from '../src/link/errors';
import type { RunProgress } from '../src/workers/api';
import { parsePartyFlags, type PartySettings } from './partyArgs';
import { CliError } from './args';

/** How long a party that is done waits for its peers to finish their side of its last run (ms). */
const LEAVE_WAIT_MS = 10_000;

export async function partyCommand(argv: readonly string[]): Promise<void> {
  const s = parsePartyFlags(argv);
  const out = s.json ? (o: object) => process.stdout.write(JSON.stringify(o) + '\n') : null;
  const say = (line: string) => {
    if (!out) console.log(line);
  };
  const bar = new ProgressBar();
  let runsDone = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  let party: NodeParty;
  try {
    party = await joinRoom({
      signalingUrl: s.signalingUrl,
      ...(s.room !== null ? { room: s.room } : { create: s.create! }),
      input: s.input,
      events: {
        onRunStart: (session, params, proposer) => {
          say(`\nrun ${session} proposed by ${proposer === party.mesh.self ? 'this party' : `party ${proposer}`}: exp by ${params.method}, ${params.field}, profile ${params.profile}, n = ${params.n}, ${party.mesh.capacity} parties`);
          say(trustLine(params.trust, party.mesh.self));
          if (!out) bar.start();
        },
        onProgress: (_, p) => bar.update(p),
        onRunEnd: (end) => {
          bar.stop();
          if (out) out({ event: 'run', ...runJson(end), paths: peerPaths(party) });
          else for (const line of runText(end)) console.log(line);
          runsDone += 1;
          if (s.runs !== null && runsDone >= s.runs) allDone();
        },
      },
    });
  } catch (err) {
    throw joinError(err, s);
  }
  const { mesh } = party;
  const link = `${s.appOrigin}/?room=${mesh.room}`;
  if (out) out({ event: 'joined', room: mesh.room, self: mesh.self, capacity: mesh.capacity, link });
  else say(`party ${mesh.self} of ${mesh.capacity} in room ${mesh.room}\ninvite link: ${link}`);
  const stop = () => {
    party.close();
    bar.stop();
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (s.propose) {
      say(`waiting for ${mesh.capacity - 1} other part${mesh.capacity === 2 ? 'y' : 'ies'} to join and connect (up to ${s.waitS} s)...`);
      await party.whenFull(s.waitS * 1000);
      let failed: RunEnd | null = null;
      for (let i = 0; i < (s.runs ?? 1) && !failed; i++) {
        const end = await party.propose(s.propose);
        if (!end.ok) failed = end;
        // the peers take proposals again once their run ended too (they may still be receiving our last frame)
        await party.settled(LEAVE_WAIT_MS);
      }
      if (failed) throw new CliError(`the run failed: ${failed.code}: ${failed.message}`, 1);
    } else {
      say('waiting for the room to propose a run (Ctrl-C to leave)...');
      await finished;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await party.leave(LEAVE_WAIT_MS);
  }
}

/** A failure to enter the room, in one line (exit code 2: the command cannot do anything). */
function joinError(err: unknown, s: PartySettings): CliError {
  const message = err instanceof Error ? err.message : String(err);
  const code = serverCode(err);
  if (code) return new CliError(`${s.room ? `room ${s.room}` : 'creating a room'}: ${plainMessage(code, message)}`, 2);
  return new CliError(message, 2);
}

/**
 * Which network path each peer's connection took (the selected ICE candidate pair's types, from
 * node-datachannel's getStats): metadata, never data. null while unknown.
 */
function peerPaths(party: NodeParty): Record<number, PeerPath | null> {
  return Object.fromEntries(party.mesh.snapshot().peers.map((p) => [p.index, p.path]));
}

/** The run's outcome as JSON: counters, costs, the check; the opened results' first values only. */
function runJson(end: RunEnd): object {
  if (!end.ok) return { ok: false, session: end.session, proposer: end.proposer, code: end.code, message: end.message };
  const { result: r, params } = end;
  const first = Math.min(8, r.y.length);
  return {
    ok: true,
    session: end.session,
    proposer: end.proposer,
    params,
    exp: { rounds: r.exp.rounds, payloadBytesSent: r.exp.payloadBytesSent, payloadBytesReceived: r.exp.payloadBytesReceived, bytesSentPerElement: r.exp.payloadBytesSent / params.n },
    online: { rounds: r.total.online.rounds, payloadBytesSent: r.total.online.payloadBytesSent },
    offline: { rounds: r.total.offline.rounds, payloadBytesSent: r.total.offline.payloadBytesSent },
    plannedRounds: r.plannedRounds,
    expMs: r.elapsedMs,
    phasesMs: r.phasesMs,
    totalMs: end.totalMs,
    x: end.x ? [...end.x.subarray(0, first)] : null,
    y: [...r.y.subarray(0, first)],
    check: r.measured && { maxRelErr: r.measured.stats.maxRelErr, tolerance: r.measured.stats.tolerance, withinTolerance: r.measured.withinTolerance, n: params.n },
  };
}

function runText(end: RunEnd): string[] {
  if (!end.ok) return [`run ${end.session} failed: ${end.code}: ${end.message}`];
  const { result: r, params } = end;
  const n = params.n;
  const lines = [
    `exp: ${r.exp.rounds} rounds, ${int(r.exp.payloadBytesSent)} payload bytes sent (${num(r.exp.payloadBytesSent / n)} per element), ${int(r.exp.payloadBytesReceived)} received, ${ms(r.elapsedMs)}`,
    `whole run: online ${r.total.online.rounds} rounds (${r.plannedRounds} planned: the exp and opening the result), ${int(r.total.online.payloadBytesSent)} bytes sent; offline ${r.total.offline.rounds} rounds, ${int(r.total.offline.payloadBytesSent)} bytes sent; ${ms(end.totalMs)} here`,
    `phases: ${Object.entries(r.phasesMs).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`,
  ];
  const shown = Math.min(4, n);
  const ys = [...r.y.subarray(0, shown)].map((v) => v.toPrecision(6)).join(', ');
  if (r.measured && end.x) {
    const m = r.measured;
    const ok = m.withinTolerance === n;
    lines.push(`result: exp(x) for x = ${[...end.x.subarray(0, shown)].map((v) => v.toPrecision(4)).join(', ')}${n > shown ? ', ...' : ''} is ${ys}${n > shown ? ', ...' : ''}`);
    lines.push(`check against Math.exp: ${int(m.withinTolerance)} of ${int(n)} values within the relative tolerance ${m.stats.tolerance} (largest relative error ${m.stats.maxRelErr.toExponential(2)})${ok ? '' : ': NOT all within'}`);
  } else {
    lines.push(`result (opened to every party): ${ys}${n > shown ? ', ...' : ''}; x is private to party ${params.inputParty}, which checks it against Math.exp`);
  }
  return lines;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const num = (v: number) => String(Number(v.toPrecision(6)));
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;

/** Rounds (of the planned) and payload bytes sent and received, on stderr, only on a terminal. */
class ProgressBar {
  private bar: SingleBar | null = null;

  start(): void {
    if (!process.stderr.isTTY) return;
    this.bar = new SingleBar({
      format: 'round {value}/{total} |{bar}| {sent} sent, {received} received | {phase}',
      hideCursor: true,
      barsize: 24,
    });
    this.bar.start(1, 0, { sent: '0 B', received: '0 B', phase: 'planning' });
  }

  update(p: RunProgress): void {
    if (!this.bar) return;
    if (p.plannedRounds > 0) this.bar.setTotal(p.plannedRounds);
    const phase = p.phase === 'running' && p.preprocess && p.round === 0 ? `offline ${p.preprocess.rounds}/${p.preprocess.plannedRounds}` : p.phase;
    this.bar.update(p.round, { sent: bytes(p.online.payloadBytesSent + p.offline.payloadBytesSent), received: bytes(p.online.payloadBytesReceived + p.offline.payloadBytesReceived), phase });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

function bytes(v: number): string {
  if (v < 1e3) return `${v} B`;
  if (v < 1e6) return `${(v / 1e3).toFixed(1)} kB`;
  if (v < 1e9) return `${(v / 1e6).toFixed(1)} MB`;
  return `${(v / 1e9).toFixed(2)} GB`;
}
