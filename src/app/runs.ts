/**
 * Runs: any party proposes one (a control message with the parameters, never the inputs); every
 * party runs it in its worker over a MeshTransport of the proposal's session; any party can abort
 * it, which stops it everywhere. Progress and the outcome go to the run store as metadata; the
 * opened results to the last run's holder (lastRun.ts). One per app instance (tabApp.ts).
 */
import { MeshTransport, type ControlMessage, type Mesh } from '../net';
import { runInWorker } from './partyWorker';
import type { RunConfig } from '../workers/api';
import { MpcError } from '../mpc/errors';
import { inputProblem, materialize, type InputSource } from './inputs';
import { paramsProblem, type RunParams } from './params';
import { screenProposal } from './proposalScreen';
import { publishRunNet, publishWire, resetNetRun } from './netRun';
import type { EngineWord } from './stallWatch';
import { runRefusal } from './seats';
import { peersSay, type PeersSay } from './peersSay';
import { vouchWhileBusy, watchRun, type RunSight } from './runWatch';
import { e2eSwitches } from './e2eSwitches';
import { comparisonRecord, summarize } from './runReport';
import { codeAndMessage } from '../link/errors';
import { acceptShares } from './shareReveal';
import type { TabStores } from './stores';
import { adoptRunParams, formProblem } from './runStore';
import type { WorkerHost } from './workerHost';

/**
 * A run with no finished round and no byte from any peer for this long has stopped (ms). The e2e
 * tests shorten it with `?e2e&stallMs=N` (in the e2e build only: e2eSwitches.ts).
 */
const STALL_MS = e2eSwitches().stallMs ?? 90_000;

export interface Runs {
  /**
   * Listen for proposals and aborts on this tab's mesh (call again when the mesh changes). `input`
   * reads this tab's private input (held by the run panel, never in a store) when a run needs it.
   */
  attach(mesh: Mesh | null, input: InputSource): void;
  /** The mesh runs listen on (attach's). */
  attachedMesh(): Mesh | null;
  /** Propose a run with the form's parameters and start it here. */
  propose(mesh: Mesh, input: InputSource): void;
  /**
   * Propose `session` to every peer and run it here once they all show it (their 'ready', listened
   * for from before the proposal). Resolves true if the run finished here, false if it failed (the
   * run store has the error).
   */
  proposeAndRun(mesh: Mesh, session: number, params: RunParams, input: InputSource): Promise<boolean>;
  /** Whether a run is in progress here. */
  busy(): boolean;
  /** Step mode: let this tab's held round go. */
  step(): void;
  /** Stop the current run here and everywhere. */
  abort(reason: string): void;
}

interface Active {
  readonly session: number;
  readonly transport: MeshTransport;
}

/** How long the proposer waits for every peer to take its proposal and show the run (ms). */
const READY_WAIT_MS = 10_000;
/** How long a stopped run's worker may take to end before it is taken for stuck (ms). */
const WORKER_GRACE_MS = 10_000;
const EARLY_ABORTS_KEPT = 8;

export function createRuns(stores: TabStores, workers: WorkerHost): Runs {
  const { run: runStore, netRun, lastRun } = stores;
  let active: Active | null = null;
  let attachedMesh: Mesh | null = null;
  let detach: (() => void) | null = null;
  /**
   * Aborts of sessions that had not started here when they came (session → who, why), the last
   * few: a party that fails at once may tell us before the proposal, from another party, reaches us.
   */
  const earlyAborts = new Map<number, { from: number; reason: string }>();

  /**
   * After an abort the worker's run ends by itself (its frames fail). If it has not within
   * WORKER_GRACE_MS, the worker is stuck (a hung or crashed engine): replace it, which fails the run.
   */
  function restartIfStuck(session: number): void {
    const w = workers.existing();
    setTimeout(() => {
      if (active?.session !== session || workers.existing() !== w || !w) return;
      workers.replace(new MpcError('ERR_TIMEOUT', `the party worker did not stop within ${WORKER_GRACE_MS / 1000} s of the abort, so it was restarted`));
    }, WORKER_GRACE_MS);
  }

  async function proposeAndRun(mesh: Mesh, session: number, params: RunParams, input: InputSource): Promise<boolean> {
    const refusal = runRefusal(stores.lobby.getState().seats, mesh.self, params.trust);
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

  function onControl(mesh: Mesh, from: number, msg: ControlMessage, input: InputSource): void {
    if (msg.type === 'abort' && active?.session !== msg.session && !earlyAborts.has(msg.session)) {
      earlyAborts.set(msg.session, { from, reason: msg.reason });
      if (earlyAborts.size > EARLY_ABORTS_KEPT) earlyAborts.delete(earlyAborts.keys().next().value!);
      return;
    }
    if (msg.type === 'shares') {
      acceptShares(runStore, stores.shares, from, msg);
      return;
    }
    if (msg.type !== 'propose') return;
    // a new party 0 this tab's user has not accepted would receive this tab's seed (seats.ts)
    const answer = screenProposal(from, msg.params, {
      self: mesh.self,
      selfNoun: 'tab',
      refusal: (trust) => runRefusal(stores.lobby.getState().seats, mesh.self, trust),
      busy: active !== null,
    });
    if (!answer.ok) {
      mesh.sendControl(from, { type: 'abort', session: msg.session, reason: answer.reason });
      if (answer.shown) runStore.setState({ phase: 'error', error: answer.shown });
      return;
    }
    void run(mesh, msg.session, answer.params, from, input);
  }

  /** Resolves true if the run finished here, false if it failed (the run store has the error). */
  async function run(mesh: Mesh, session: number, params: RunParams, proposer: number, readInput: InputSource, ready?: PeersSay): Promise<boolean> {
    const t0 = performance.now();
    // every tab's form takes the run's settings (and keeps them afterwards: adoptRunParams)
    runStore.setState({ phase: 'running', session, active: params, proposer, startedAt: Date.now(), progress: null, summary: null, error: null, ...adoptRunParams(params) });
    lastRun.set(null, null);
    stores.shares.clear();
    resetNetRun(netRun, session);
    let transport: MeshTransport | null = null;
    let stopWatch: (() => void) | null = null;
    let stopVouching: (() => void) | null = null;
    try {
      // frames come on the page's links or on the worker's own channels: both count as the peer's
      const sight: RunSight = {
        progress: () => runStore.getState().progress,
        receivedFrom: (p) => (mesh.stats(p)?.frameWireBytesReceived ?? 0) + (runStore.getState().progress?.channels?.chunkBytesReceived?.[p] ?? 0),
      };
      const sessionTransport = new MeshTransport(mesh, { session, parties: mesh.capacity, compression: params.compression });
      transport = sessionTransport;
      active = { session, transport };
      const early = earlyAborts.get(session);
      if (early) throw new MpcError('ERR_ABORTED', `party ${early.from} aborted the run: ${early.reason}`);
      let word: EngineWord | null = null;
      stopVouching = vouchWhileBusy(sight, sessionTransport, () => word);
      const problem = paramsProblem(params, mesh.capacity);
      if (problem) throw Object.assign(new Error(problem), { code: 'ERR_UNSUPPORTED' });
      // The running view renders at the end of this task (the click, or the proposal's arrival);
      // making the inputs and handing them to the worker takes a task of its own, so neither is long
      // (together they were: BENCHMARKS.md, "Figures from code comments").
      await nextTask();
      // The proposer's worker starts once every party shows the run: its first work (party 0 deals
      // the whole run's correlated randomness) would otherwise take the CPU from the other pages
      // while they render the run's start (where their longest tasks were: BENCHMARKS.md, "Figures
    // from code comments").
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
      const w = workers.current();
      if (!params.stepMode) stopWatch = watchRun(sight, transport, STALL_MS, () => restartIfStuck(session));
      const res = await runInWorker(
        w,
        transport,
        config,
        x ? x.slice() : null,
        (progress) => {
          word = { awaiting: progress.awaiting ?? false, at: performance.now() };
          if (runStore.getState().session === session) runStore.setState({ progress });
          publishWire(netRun, session, transport, progress.channels);
        },
        () => sessionTransport.activity(),
      );
      // Render the outcome in tasks of its own, not in the one that received it from the worker: the
      // other tabs may still be moving data, and the page's main thread gets little CPU then (each
      // task is stretched several times). Each step below renders a different part of the page, so
      // each gets its own task (all in one was a long task: BENCHMARKS.md, "Page responsiveness").
      await nextTask();
      lastRun.set({ y: res.y, x }, { graph: res.graph, rounds: res.rounds });
      publishRunNet(netRun, session, transport, res, params.net);
      await nextTask();
      const summary = summarize(res, params, res.measured, performance.now() - t0);
      runStore.setState({ phase: 'done', summary });
      await nextTask();
      stores.comparison.add(comparisonRecord(params, mesh.capacity, summary, res.measured), res.measured?.curve ?? null);
      return true;
    } catch (err) {
      const { code, message } = codeAndMessage(err);
      // Tell every other party, whatever the cause: a lost peer or an abort from one of them is news
      // to the rest (MeshTransport tells once, so a fault it already passed on goes out only once).
      if (transport) transport.abort(message);
      else tellCouldNotStart(mesh, session, message);
      // the technical message as it came: the view makes its plain sentence (runErrorText.ts)
      runStore.setState({ phase: 'error', error: { code, message } });
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

  return {
    attach(mesh, input) {
      if (mesh === attachedMesh) return;
      detach?.();
      detach = null;
      attachedMesh = mesh;
      if (mesh) detach = mesh.on('control', (from, msg) => onControl(mesh, from, msg, input));
    },
    attachedMesh: () => attachedMesh,
    propose(mesh, input) {
      const { params } = runStore.getState();
      // a field whose text cannot be used: its reason shows by Run, and nothing runs
      if (formProblem(runStore.getState())) return;
      const problem = paramsProblem(params, mesh.capacity);
      if (problem) {
        runStore.setState({ phase: 'error', error: { code: 'ERR_UNSUPPORTED', message: problem } });
        return;
      }
      if (active || stores.comparison.store.getState().series?.running) return;
      void proposeAndRun(mesh, newSession(), params, input);
    },
    proposeAndRun,
    busy: () => active !== null,
    step() {
      void workers.existing()?.api.step();
    },
    abort(reason) {
      if (!active) return;
      active.transport.abort(reason);
      restartIfStuck(active.session);
    },
  };
}

/** This party could not even start `session`: tell every peer, or those that did start wait for its frames. */
function tellCouldNotStart(mesh: Mesh, session: number, why: string): void {
  try {
    mesh.broadcastControl({ type: 'abort', session, reason: `party ${mesh.self} could not start the run: ${why}` });
  } catch {
    // the mesh is gone, and with it every peer's link to us
  }
}

/** A fresh random session id (never 0). */
export function newSession(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! || 1;
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
