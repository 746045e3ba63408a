/**
 * Runs: any party proposes one (a control message with the parameters, never the inputs); every
 * party runs it in its worker over a MeshTransport of the proposal's session; any party can abort
 * it, which stops it everywhere. Progress and the outcome go to the run store as metadata; the
 * opened results stay here.
 */
import { MeshTransport, type ControlMessage, type Mesh } from '../net';
import { transfer } from 'comlink';
import { runInWorker, startPartyWorker, type PartyWorker } from './partyWorker';
import type { PageVisibility } from '../link/pageBeat';
import type { RunConfig, RunResult } from '../workers/api';
import { MpcError } from '../mpc/errors';
import { withDeadline } from '../mpc/sched/deadline';
import { inputProblem, materialize, type InputSource } from './inputs';
import { paramsProblem, parseParams, type RunParams } from './params';
import { runStore } from './runStore';
import { addShares, clearShares } from './sharesStore';
import { publishRunNet, publishWire, resetNetRun } from './netRun';
import { vouchesForEngine, watchStall, type EngineWord } from './stallWatch';
import { netLabel } from './netLabel';
import type { RunSummary } from './runStore';
import type { MeasuredError } from '../mpc/eval/measuredError';
import { comparisonRuns } from './comparison';
import { addRecord, comparisonStore, type SeriesStatus } from './comparisonStore';
import { e2eSwitches } from './e2eSwitches';
import { runRefusal } from './seats';
import { lobbyStore } from './lobbyStore';

interface Active {
  readonly session: number;
  readonly transport: MeshTransport;
}

let worker: PartyWorker | null = null;
let active: Active | null = null;
let attachedMesh: Mesh | null = null;
let detach: (() => void) | null = null;

/**
 * Aborts of sessions that had not started here when they came (session → who, why), the last
 * few: a party that fails at once may tell us before the proposal, from another party, reaches us.
 */
const earlyAborts = new Map<number, { from: number; reason: string }>();
const EARLY_ABORTS_KEPT = 8;

/** The opened results of the last run in this tab, and its inputs if this tab provided them. */
export let lastOutcome: { readonly y: Float64Array; readonly x: Float64Array | null } | null = null;

/** The last finished run's executed graph and online round log: metadata for the lab views, no shares. */
export let lastTrace: { readonly graph: RunResult['graph']; readonly rounds: RunResult['rounds'] } | null = null;

/**
 * The mesh's frames channel to `peer`, handed to the party worker (started now if need be) in
 * the task that created it, the only time it can be transferred. If the transfer fails the channel
 * is closed, so both ends relay that peer's frames through their pages.
 */
export function handFramesChannel(peer: number, channel: RTCDataChannel): void {
  partyWorker().api.attachChannel(peer, transfer(channel, [channel])).catch((err: unknown) => {
    console.warn(`frames to party ${peer} stay on the page: ${(err as Error).message}`);
    channel.close();
  });
}

/**
 * Listen for proposals and aborts on this tab's mesh (call again when the mesh changes). `input`
 * reads this tab's private input (held by the run panel, never in a store) when a run needs it.
 */
export function attachRuns(mesh: Mesh | null, input: InputSource): void {
  if (mesh === attachedMesh) return;
  detach?.();
  detach = null;
  attachedMesh = mesh;
  if (mesh) detach = mesh.on('control', (from, msg) => onControl(mesh, from, msg, input));
}

/** Propose a run with the form's parameters and start it here. */
export function proposeRun(mesh: Mesh, input: InputSource): void {
  const { params } = runStore.getState();
  const problem = paramsProblem(params, mesh.capacity);
  if (problem) {
    runStore.setState({ phase: 'error', error: { code: 'ERR_UNSUPPORTED', message: problem } });
    return;
  }
  if (active || comparisonStore.getState().series?.running) return;
  void proposeAndRun(mesh, newSession(), params, input);
}

/**
 * Propose `session` to every peer and run it here once they all show it (their 'ready', listened
 * for from before the proposal). Resolves as run() does.
 */
async function proposeAndRun(mesh: Mesh, session: number, params: RunParams, input: InputSource): Promise<boolean> {
  const refusal = runRefusal(lobbyStore.getState().seats, mesh.self, params.trust);
  if (refusal) {
    runStore.setState({ phase: 'error', error: { code: 'ERR_UNCONFIRMED_SEAT', message: `No run: ${refusal}.` } });
    return false;
  }
  const ready = peersSay(mesh, 'ready', session);
  try {
    mesh.broadcastControl({ type: 'propose', session, params: { ...params } });
    return await run(mesh, session, params, mesh.self, input, ready);
  } finally {
    ready.cancel();
  }
}

/**
 * Share inspector (teaching only, the user's explicit choice): show this party's own shares of
 * the last run's first values here and send them to every other tab. Returns false if there is
 * no finished run to reveal.
 */
export async function revealMyShares(mesh: Mesh): Promise<boolean> {
  const mine = worker ? await worker.api.revealShares() : null;
  if (!mine || mine.session !== runStore.getState().session) return false;
  addShares(mesh.self, mine);
  mesh.broadcastControl({ type: 'shares', session: mine.session, field: mine.field, fxp: mine.fxp, x: [...mine.x], y: [...mine.y] });
  return true;
}

/** Step mode: let this tab's held round go. */
export function stepRun(): void {
  void worker?.api.step();
}

/** Stop the current run here and everywhere. */
export function abortRun(reason: string): void {
  if (!active) return;
  active.transport.abort(reason);
  restartIfStuck(active.session);
}

/**
 * After an abort the worker's run ends by itself (its frames fail). If it has not within
 * WORKER_GRACE_MS, the worker is stuck (a hung or crashed engine): replace it, which fails the run.
 */
function restartIfStuck(session: number): void {
  const w = worker;
  setTimeout(() => {
    if (active?.session !== session || worker !== w || !w) return;
    replaceWorker(new MpcError('ERR_TIMEOUT', `the party worker did not stop within ${WORKER_GRACE_MS / 1000} s of the abort, so it was restarted`));
  }, WORKER_GRACE_MS);
}

/** This tab's party worker: started on first use, and started afresh if the last one failed. */
function partyWorker(): PartyWorker {
  if (!worker) worker = startPartyWorker(documentVisibility);
  else if (worker.dead) return replaceWorker(new MpcError('ERR_ABORTED', 'the party worker had failed'));
  return worker;
}

/**
 * Start a fresh worker in place of the current one (stopped with `reason`). Its data channels died
 * with it, unseen by the peers, so new ones are opened with every peer at once: a peer that kept
 * sending on the old one would wait forever for the answer.
 */
function replaceWorker(reason: Error): PartyWorker {
  const old = worker;
  const fresh = startPartyWorker(documentVisibility);
  worker = fresh;
  old?.terminate(reason);
  attachedMesh?.renewFramesChannels();
  return fresh;
}

const WORKER_GRACE_MS = 10_000;

const documentVisibility: PageVisibility = {
  visible: () => document.visibilityState === 'visible',
  watch: (changed) => {
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  },
};

/** For the e2e hooks: kill the worker without telling anyone, as a crash would. */
export function crashWorkerForTests(): void {
  worker?.terminate();
}

function onControl(mesh: Mesh, from: number, msg: ControlMessage, input: InputSource): void {
  if (msg.type === 'abort' && active?.session !== msg.session && !earlyAborts.has(msg.session)) {
    earlyAborts.set(msg.session, { from, reason: msg.reason });
    if (earlyAborts.size > EARLY_ABORTS_KEPT) earlyAborts.delete(earlyAborts.keys().next().value!);
    return;
  }
  if (msg.type === 'shares') {
    if (msg.session === runStore.getState().session) {
      addShares(from, { session: msg.session, field: msg.field === 'FM64' ? 'FM64' : 'FM128', fxp: msg.fxp, x: msg.x, y: msg.y });
    }
    return;
  }
  if (msg.type !== 'propose') return;
  // a new party 0 this tab's user has not accepted would receive this tab's seed (seats.ts)
  const refusal = runRefusal(lobbyStore.getState().seats, mesh.self, msg.params['trust'] === 'ot' ? 'ot' : 'tfp');
  if (refusal) {
    mesh.sendControl(from, { type: 'abort', session: msg.session, reason: refusal });
    runStore.setState({ phase: 'error', error: { code: 'ERR_UNCONFIRMED_SEAT', message: `Party ${from} proposed a run, refused here: ${refusal}.` } });
    return;
  }
  if (active) {
    mesh.sendControl(from, { type: 'abort', session: msg.session, reason: `party ${mesh.self} is busy with another run` });
    return;
  }
  let params: RunParams;
  try {
    params = parseParams(msg.params);
  } catch (err) {
    mesh.sendControl(from, { type: 'abort', session: msg.session, reason: (err as Error).message });
    runStore.setState({ phase: 'error', error: { code: 'ERR_BAD_PROPOSAL', message: `party ${from} proposed a run this tab cannot accept: ${(err as Error).message}` } });
    return;
  }
  void run(mesh, msg.session, params, from, input);
}

/** Resolves true if the run finished here, false if it failed (the run store has the error). */
async function run(mesh: Mesh, session: number, params: RunParams, proposer: number, readInput: InputSource, ready?: PeersSay): Promise<boolean> {
  const t0 = performance.now();
  runStore.setState({ phase: 'running', session, active: params, proposer, startedAt: Date.now(), progress: null, summary: null, error: null });
  lastOutcome = null;
  lastTrace = null;
  clearShares();
  resetNetRun(session);
  let transport: MeshTransport | null = null;
  let stopWatch: (() => void) | null = null;
  let stopVouching: (() => void) | null = null;
  try {
    const sessionTransport = new MeshTransport(mesh, { session, parties: mesh.capacity, compression: params.compression });
    transport = sessionTransport;
    active = { session, transport };
    const early = earlyAborts.get(session);
    if (early) throw new MpcError('ERR_ABORTED', `party ${early.from} aborted the run: ${early.reason}`);
    let word: EngineWord | null = null;
    stopVouching = vouchWhileBusy(mesh, sessionTransport, () => word);
    const problem = paramsProblem(params, mesh.capacity);
    if (problem) throw Object.assign(new Error(problem), { code: 'ERR_UNSUPPORTED' });
    // The running view renders at the end of this task (the click, or the proposal's arrival);
    // making the inputs and handing them to the worker takes a task of its own, so neither is long
    // (together 60–130 ms at 100,000 values on this 2-core machine: e2e/responsive.spec.ts).
    await nextTask();
    // The proposer's worker starts once every party shows the run: its first work (party 0 deals
    // the whole run's correlated randomness) would otherwise take the CPU from the other pages
    // while they render the run's start (their longest tasks, 50–117 ms, in responsive.spec).
    if (ready) await Promise.race([ready.wait(READY_WAIT_MS, `did not take run ${session} within ${READY_WAIT_MS / 1000} s`), transport.failure]);
    else mesh.sendControl(proposer, { type: 'ready', session });
    let x: Float64Array | null = null;
    if (mesh.self === params.inputParty) {
      const input = readInput();
      const bad = inputProblem(input);
      if (bad) throw Object.assign(new Error(`party ${mesh.self}'s input: ${bad}`), { code: 'ERR_RANGE' });
      x = materialize(input, params.n);
    }
    const config: RunConfig = { ...params, session, parties: mesh.capacity };
    const w = partyWorker();
    if (!params.stepMode) stopWatch = watchRun(mesh, transport);
    const res = await runInWorker(
      w,
      transport,
      config,
      x ? x.slice() : null,
      (progress) => {
        word = { awaiting: progress.awaiting ?? false, at: performance.now() };
        if (runStore.getState().session === session) runStore.setState({ progress });
        publishWire(session, transport, progress.channels);
      },
      () => sessionTransport.activity(),
    );
    // Render the outcome in tasks of its own, not in the one that received it from the worker: the
    // other tabs may still be moving data, and the page's main thread gets little CPU then (each
    // task is stretched several times). Each step below renders a different part of the page, so
    // each gets its own task (all in one took 88 ms at 100,000 values; e2e/responsive.spec.ts).
    await nextTask();
    lastOutcome = { y: res.y, x };
    lastTrace = { graph: res.graph, rounds: res.rounds };
    publishRunNet(session, transport, res, params.net);
    await nextTask();
    const summary = summarize(res, params, res.measured, performance.now() - t0);
    runStore.setState({ phase: 'done', summary });
    await nextTask();
    recordRun(params, mesh.capacity, summary, res.measured);
    return true;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const code = e.code ?? 'ERR_UNEXPECTED';
    const message = e.message ?? String(err);
    // Tell every other party, whatever the cause: a lost peer or an abort from one of them is news
    // to the rest (MeshTransport tells once, so a fault it already passed on goes out only once).
    if (transport) transport.abort(message);
    else tellCouldNotStart(mesh, session, message);
    runStore.setState({ phase: 'error', error: { code, message: friendly(code, message) } });
    return false;
  } finally {
    stopVouching?.();
    stopWatch?.();
    transport?.close();
    if (active?.session === session) active = null;
    try {
      mesh.broadcastControl({ type: 'finished', session });
    } catch {
      // the mesh is gone: nobody waits for us any more
    }
  }
}

/** How often the page vouches for its computing engine (see vouchesForEngine, FRAME_SILENCE_MS). */
const VOUCH_MS = 1_000;

/**
 * While this party's engine is on its way to its next frame (computing, a round held by its user,
 * or the frames it needs still arriving), tell the peers every VOUCH_MS, so their engines do not
 * give up on a slow party as on one that dropped its frame. Returns stop.
 */
function vouchWhileBusy(mesh: Mesh, transport: MeshTransport, word: () => EngineWord | null): () => void {
  const startedAt = performance.now();
  const peers = [...Array(transport.parties).keys()].filter((p) => p !== transport.self);
  const frameBytes = (): number => {
    const onChannels = runStore.getState().progress?.channels?.chunkBytesReceived;
    return peers.reduce((sum, p) => sum + (mesh.stats(p)?.frameWireBytesReceived ?? 0) + (onChannels?.[p] ?? 0), 0);
  };
  let bytes = frameBytes();
  let bytesAt: number | null = null;
  const timer = setInterval(() => {
    const now = performance.now();
    const b = frameBytes();
    if (b !== bytes) [bytes, bytesAt] = [b, now];
    if (vouchesForEngine({ word: word(), startedAt, bytesAt }, now)) transport.beat();
  }, VOUCH_MS);
  return () => clearInterval(timer);
}

/** This party could not even start `session`: tell every peer, or those that did start wait for its frames. */
function tellCouldNotStart(mesh: Mesh, session: number, why: string): void {
  try {
    mesh.broadcastControl({ type: 'abort', session, reason: `party ${mesh.self} could not start the run: ${why}` });
  } catch {
    // the mesh is gone, and with it every peer's link to us
  }
}

/** This run's row of the method comparison (its error curve only where x is known: the input party). */
function recordRun(params: RunParams, parties: number, summary: RunSummary, measured: MeasuredError | null): void {
  addRecord(
    {
      method: params.method,
      profile: params.profile,
      batching: params.batching,
      field: params.field,
      parties,
      n: params.n,
      net: netLabel(params.net),
      rounds: summary.exp.rounds,
      bytesSentPerElement: summary.exp.payloadBytesSent / params.n,
      expMs: summary.expMs,
      error: measured?.stats ?? null,
      trust: params.trust,
      offlineRounds: summary.offline.rounds,
      offlineBytesSentPerElement: summary.offline.payloadBytesSent / params.n,
    },
    measured?.curve ?? null,
  );
}

/** How long the proposer of a series waits for every peer to be free again after its own run ended (ms). */
const FINISH_WAIT_MS = 30_000;
/** How long the proposer waits for every peer to take its proposal and show the run (ms). */
const READY_WAIT_MS = 10_000;

/** Every peer's word of one kind about one session, awaited by the proposer. */
interface PeersSay {
  /** Resolves once every peer has said it; rejects with ERR_TIMEOUT naming the silent ones (`late` says what they did not do) after `ms`. */
  wait(ms: number, late: string): Promise<void>;
  /** Stop listening (idempotent). */
  cancel(): void;
}

/**
 * Listens, from before the proposal, for every peer's `type` message of `session`: 'ready' (it
 * took the proposal and shows the run) or 'finished' (its run ended, it takes proposals again;
 * the peer's run may end a little after ours: it still had to receive our last frame).
 */
function peersSay(mesh: Mesh, type: 'ready' | 'finished', session: number): PeersSay {
  const waiting = new Set([...Array(mesh.capacity).keys()].filter((p) => p !== mesh.self));
  let allSaid: () => void = () => {};
  const said = new Promise<void>((resolve) => (allSaid = resolve));
  const cancel = mesh.on('control', (from, msg) => {
    if (msg.type === type && msg.session === session) waiting.delete(from);
    if (waiting.size === 0) allSaid();
  });
  return {
    wait: (ms, late) => withDeadline(said, ms, () => new MpcError('ERR_TIMEOUT', `party ${[...waiting].join(', party ')} ${late}`)),
    cancel,
  };
}

/**
 * The method comparison: propose its runs one after another (comparison.ts lists them), each once
 * every party is free again; stop at the first failure. Every tab records each run it takes part in.
 */
export async function runComparison(mesh: Mesh, input: InputSource): Promise<void> {
  if (active || comparisonStore.getState().series?.running) return;
  const runs = comparisonRuns(runStore.getState().params, mesh.capacity);
  const first: SeriesStatus = { done: 0, total: runs.length, current: null, error: null, running: true };
  const setSeries = (s: Partial<SeriesStatus>) => comparisonStore.setState((st) => ({ series: { ...first, ...st.series, ...s } }));
  comparisonStore.setState({ series: first });
  try {
    for (const [k, params] of runs.entries()) {
      setSeries({ current: `${params.method} · ${params.profile} · batching ${params.batching ? 'on' : 'off'} · n = ${params.n}` });
      const session = newSession();
      const freed = peersSay(mesh, 'finished', session);
      try {
        if (!(await proposeAndRun(mesh, session, params, input))) {
          throw new Error(`the ${params.method} · ${params.profile} run failed: ${runStore.getState().error?.message ?? 'unknown error'}`);
        }
        await freed.wait(FINISH_WAIT_MS, `did not finish run ${session} within ${FINISH_WAIT_MS / 1000} s of ours`);
      } finally {
        freed.cancel();
      }
      setSeries({ done: k + 1 });
    }
    setSeries({ current: null, running: false });
  } catch (err) {
    setSeries({ error: (err as Error).message, running: false });
  }
}

function newSession(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! || 1;
}

/**
 * A run with no finished round and no byte from any peer for this long has stopped (ms). The e2e
 * tests shorten it with `?e2e&stallMs=N` (in the e2e build only: e2eSwitches.ts).
 */
const STALL_MS = e2eSwitches().stallMs ?? 90_000;

/** Give up on a run that stopped moving, naming the round and the silent peers (see stallWatch). */
function watchRun(mesh: Mesh, transport: MeshTransport): () => void {
  const peers = [...Array(transport.parties).keys()].filter((p) => p !== transport.self);
  return watchStall({
    stallMs: STALL_MS,
    checkMs: 1_000,
    sample: () => {
      const progress = runStore.getState().progress;
      const onChannels = progress?.channels?.chunkBytesReceived;
      return [progress?.round ?? 0, ...peers.map((p) => (mesh.stats(p)?.frameWireBytesReceived ?? 0) + (onChannels?.[p] ?? 0))];
    },
    onStall: (still) => {
      const progress = runStore.getState().progress;
      const silent = peers.filter((_, i) => still[i + 1]! >= STALL_MS);
      const round = progress ? `round ${progress.round + 1} of ${progress.plannedRounds}` : 'the run';
      transport.abort(
        `no progress for ${STALL_MS / 1000} s: ${round} never completed, and nothing arrived from party ${silent.join(', party ')} in that time`,
        'ERR_TIMEOUT',
      );
      restartIfStuck(transport.session);
    },
  });
}

/**
 * Resolves in a later task, so the browser can paint and handle input in between. A message, not
 * a timer: a background tab (the other party, in a newcomer's two tabs) runs timers once a
 * second at most, and a run's start waits for this in every tab.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

function friendly(code: string, message: string): string {
  if (code === 'ERR_PEER_GONE') return `Peer left: ${message}. The run stopped; start a new one when everyone is back.`;
  if (code === 'ERR_ABORTED') return `Run aborted: ${message}`;
  return message;
}

function summarize(res: RunResult, params: RunParams, measured: MeasuredError | null, totalMs: number): RunSummary {
  const check = measured
    ? { maxRelErr: measured.stats.maxRelErr, maxAbsErr: measured.maxAbsErr, tolerance: measured.stats.tolerance, withinTolerance: measured.withinTolerance }
    : null;
  return {
    n: params.n,
    exp: res.exp,
    totalOnline: res.total.online,
    offline: res.total.offline,
    preprocess: res.preprocess,
    trust: params.trust,
    plannedRounds: res.plannedRounds,
    expMs: res.elapsedMs,
    totalMs,
    phasesMs: res.phasesMs,
    breathing: res.breathing,
    check,
  };
}
