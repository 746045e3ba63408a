/**
 * A headless party: a Node process in a room, over real WebRTC (node-datachannel), with the same
 * mesh, link and engine code as a tab (src/net, src/link, and the party worker itself in a worker
 * thread: nodeWorker.ts). It takes the room's proposals as a tab does (the same checks, the same
 * 'ready' and 'finished' words, the same aborts) and can propose a run itself. What it reports is
 * metadata, the opened results and, as the input party, their check against Math.exp; its own
 * shares stay in its engine thread.
 *
 * Trust (semi-honest): under 'tfp' party 0 deals every correlation from every party's seed and
 * could learn every secret; a Node party as party 0 is that trusted party. A Node party elsewhere
 * refuses a 'tfp' run while seat 0 has a new occupant it did not see when it joined (seats.ts): it
 * has no user to accept one. Under 'ot' no party learns another's masks.
 */
import { Mesh, MeshTransport, type ControlMessage, type MeshOptions } from '../net';
import { MpcError } from '../mpc/errors';
import { codeAndMessage, plainMessage } from '../link/errors';
import { paramsProblem, type RunParams } from '../app/params';
import { screenProposal } from '../app/proposalScreen';
import { inputProblem, materialize, type PrivateInput } from '../app/inputs';
import { peersSay, type PeersSay } from '../app/peersSay';
import { runInWorker, type PartyWorker } from '../app/partyWorker';
import { clockTime, DEALER_SEAT, initialSeatWatch, observeSeats, unconfirmedDealer, type SeatWatch } from '../app/seats';
import type { EngineWord } from '../app/stallWatch';
import { vouchWhileBusy, watchRun, type RunSight } from '../app/runWatch';
import type { RunConfig, RunProgress, RunResult } from '../workers/api';
import { startNodePartyWorker } from './nodeWorker';
import { installNodeWebRtc } from './webrtc';

/** A run this party took part in: its parameters, who proposed it, and how it ended. */
export type RunEnd =
  | { readonly ok: true; readonly session: number; readonly params: RunParams; readonly proposer: number; readonly x: Float64Array | null; readonly result: RunResult; readonly totalMs: number }
  | { readonly ok: false; readonly session: number; readonly params: RunParams | null; readonly proposer: number; readonly code: string; readonly message: string };

export interface PartyEvents {
  /** A run starts here (proposed by `proposer`, which may be this party). */
  onRunStart?(session: number, params: RunParams, proposer: number): void;
  onProgress?(session: number, progress: RunProgress): void;
  onRunEnd?(end: RunEnd): void;
  /** Room membership or a link changed. */
  onChange?(party: NodeParty): void;
}

export interface NodeParty {
  readonly mesh: Mesh;
  /** Resolves once every seat of the room is taken and connected to this party. */
  whenFull(timeoutMs: number): Promise<void>;
  /** Propose a run to every peer and run it here (resolves with how it ended). */
  propose(params: RunParams): Promise<RunEnd>;
  busy(): boolean;
  /**
   * Resolves once every peer has said the last run here finished (or after `timeoutMs`): a peer may
   * still be receiving this party's last frame, which leaving at once would cut off, and it takes
   * no new proposal before.
   */
  settled(timeoutMs: number): Promise<void>;
  /** settled(timeoutMs), then close. */
  leave(timeoutMs: number): Promise<void>;
  /** Leave the room now, stop the engine thread (idempotent). */
  close(): void;
}

/** How long the proposer waits for every peer to take its proposal (as a tab: runs.ts). */
const READY_WAIT_MS = 10_000;
/** A run with no round done and no byte from any peer for this long has stopped (as a tab). */
const STALL_MS = 90_000;
const EARLY_ABORTS_KEPT = 8;

export interface JoinOptions {
  /** ws(s)://host/signal. */
  readonly signalingUrl: string;
  /** Join this room, or create one of `create` parties. */
  readonly room?: string;
  readonly create?: number;
  /** This party's private input, used when it is a run's input party. */
  readonly input: PrivateInput;
  readonly events?: PartyEvents;
  readonly mesh?: Omit<MeshOptions, 'signalingUrl' | 'framesChannel'>;
}

/**
 * Enter a room. Rejects as the mesh does: ERR_SIGNALING for an unreachable server, with the
 * server's code (ERR_NO_ROOM, ERR_ROOM_FULL, ...) as `serverCode`.
 */
export async function joinRoom(o: JoinOptions): Promise<NodeParty> {
  installNodeWebRtc();
  const meshOptions: MeshOptions = { ...o.mesh, signalingUrl: o.signalingUrl, framesChannel: keepSilent };
  const mesh = o.room !== undefined ? await Mesh.join(o.room, meshOptions) : await Mesh.create(o.create ?? 2, meshOptions);
  return createParty(mesh, o.input, o.events ?? {});
}

/**
 * A tab's worker talks to each peer's worker on a negotiated frames channel (Mesh's framesChannel).
 * A node-datachannel channel cannot move to the engine's thread, so a Node party's frames all take
 * this thread's link instead. Its end of the channel still exists (libdatachannel resets a stream
 * nobody opened, which the tab takes for its peer's worker stopping, mid-run), but never answers
 * the tab's pings, so the tab relays its frames to this party through its page (frameChannels.ts:
 * a channel carries frames only once a pong came back).
 */
function keepSilent(_peer: number, channel: RTCDataChannel): void {
  channel.binaryType = 'arraybuffer';
  channel.onmessage = null;
}

function createParty(mesh: Mesh, input: PrivateInput, events: PartyEvents): NodeParty {
  let worker: PartyWorker | null = null;
  let active: { session: number; transport: MeshTransport } | null = null;
  let seats: SeatWatch = observeSeats(initialSeatWatch, mesh.snapshot().present, mesh.self, Date.now());
  const earlyAborts = new Map<number, { from: number; reason: string }>();
  let closed = false;
  /** Every peer's 'finished' for the last run here (listened for from its start). */
  let lastFinished: PeersSay | null = null;

  const currentWorker = (): PartyWorker => {
    if (!worker || worker.dead) worker = startNodePartyWorker();
    return worker;
  };

  const offChange = mesh.on('change', (s) => {
    seats = observeSeats(seats, s.present, s.self, Date.now());
    events.onChange?.(party);
  });
  const offControl = mesh.on('control', (from, msg) => onControl(from, msg));

  /** Why this party refuses a run of `trust`, or null (seats.ts, runRefusal, without a user to ask). */
  function refusal(trust: RunParams['trust']): string | null {
    if (trust === 'ot') return null;
    const c = unconfirmedDealer(seats);
    if (!c) return null;
    return `party ${mesh.self} (a Node party) refuses trusted-first-party runs: party ${c.seat} is a new occupant since ${clockTime(c.at)} and would receive every party's seed; rejoin to accept it`;
  }

  function onControl(from: number, msg: ControlMessage): void {
    if (msg.type === 'abort' && active?.session !== msg.session && !earlyAborts.has(msg.session)) {
      earlyAborts.set(msg.session, { from, reason: msg.reason });
      if (earlyAborts.size > EARLY_ABORTS_KEPT) earlyAborts.delete(earlyAborts.keys().next().value!);
      return;
    }
    if (msg.type !== 'propose') return;
    const answer = screenProposal(from, msg.params, { self: mesh.self, selfNoun: 'party', refusal, busy: active !== null });
    if (!answer.ok) {
      mesh.sendControl(from, { type: 'abort', session: msg.session, reason: answer.reason });
      if (answer.shown) events.onRunEnd?.({ ok: false, session: msg.session, params: null, proposer: from, ...answer.shown });
      return;
    }
    void run(msg.session, answer.params, from);
  }

  /** One run here, as a tab runs it (src/app/runs.ts): the same words to the peers, the same worker API. */
  async function run(session: number, params: RunParams, proposer: number, ready?: PeersSay): Promise<RunEnd> {
    const t0 = performance.now();
    lastFinished?.cancel();
    lastFinished = peersSay(mesh, 'finished', session);
    events.onRunStart?.(session, params, proposer);
    let transport: MeshTransport | null = null;
    const stops: (() => void)[] = [];
    let end: RunEnd;
    try {
      const sessionTransport = new MeshTransport(mesh, { session, parties: mesh.capacity, compression: params.compression });
      transport = sessionTransport;
      active = { session, transport };
      const early = earlyAborts.get(session);
      if (early) throw new MpcError('ERR_ABORTED', `party ${early.from} aborted the run: ${early.reason}`);
      let word: EngineWord | null = null;
      let progress: RunProgress | null = null;
      const sight: RunSight = { progress: () => progress, receivedFrom: (p) => mesh.stats(p)?.frameWireBytesReceived ?? 0 };
      stops.push(vouchWhileBusy(sight, sessionTransport, () => word), watchRun(sight, sessionTransport, STALL_MS, () => {}));
      const problem = paramsProblem(params, mesh.capacity);
      if (problem) throw Object.assign(new Error(problem), { code: 'ERR_UNSUPPORTED' });
      if (ready) await Promise.race([ready.wait(READY_WAIT_MS, `did not take run ${session} within ${READY_WAIT_MS / 1000} s`), sessionTransport.failure]);
      else mesh.sendControl(proposer, { type: 'ready', session });
      let x: Float64Array | null = null;
      if (mesh.self === params.inputParty) {
        const bad = inputProblem(input);
        if (bad) throw Object.assign(new Error(`party ${mesh.self}'s input: ${bad}`), { code: 'ERR_RANGE' });
        x = materialize(input, params.n);
      }
      const config: RunConfig = { ...params, session, parties: mesh.capacity };
      const result = await runInWorker(
        currentWorker(),
        sessionTransport,
        config,
        x ? x.slice() : null,
        (p) => {
          progress = p;
          word = { awaiting: p.awaiting ?? false, at: performance.now() };
          events.onProgress?.(session, p);
        },
        () => sessionTransport.activity(),
      );
      end = { ok: true, session, params, proposer, x, result, totalMs: performance.now() - t0 };
    } catch (err) {
      const { code, message } = codeAndMessage(err);
      if (transport) transport.abort(message);
      else broadcast({ type: 'abort', session, reason: `party ${mesh.self} could not start the run: ${message}` });
      end = { ok: false, session, params, proposer, code, message: plainMessage(code, message) };
    } finally {
      for (const stop of stops) stop();
      transport?.close();
      if (active?.session === session) active = null;
      broadcast({ type: 'finished', session });
    }
    events.onRunEnd?.(end);
    return end;
  }

  function broadcast(msg: ControlMessage): void {
    try {
      mesh.broadcastControl(msg);
    } catch {
      // the mesh is gone: nobody waits for us any more
    }
  }

  const party: NodeParty = {
    mesh,
    whenFull(timeoutMs) {
      const full = () => mesh.connectedPeers().length === mesh.capacity - 1;
      if (full()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          const missing = [...Array(mesh.capacity).keys()].filter((i) => i !== mesh.self && !mesh.connectedPeers().includes(i));
          const why = mesh.snapshot().peers.flatMap((p) => (p.error && missing.includes(p.index) ? [p.error.message] : []));
          reject(new MpcError('ERR_TIMEOUT', `party ${missing.join(', party ')} did not join and connect within ${timeoutMs / 1000} s${why.length ? ` (${why.join('; ')})` : ''}`));
        }, timeoutMs);
        const off = mesh.on('change', () => {
          if (!full()) return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    },
    async propose(params) {
      const session = crypto.getRandomValues(new Uint32Array(1))[0]! || 1;
      const no = refusal(params.trust);
      if (no) return { ok: false, session, params, proposer: mesh.self, code: 'ERR_UNCONFIRMED_SEAT', message: no };
      if (active) return { ok: false, session, params, proposer: mesh.self, code: 'ERR_BUSY', message: `party ${mesh.self} is busy with another run` };
      const ready = peersSay(mesh, 'ready', session);
      try {
        mesh.broadcastControl({ type: 'propose', session, params: { ...params } });
        return await run(session, params, mesh.self, ready);
      } finally {
        ready.cancel();
      }
    },
    busy: () => active !== null,
    async settled(timeoutMs) {
      await lastFinished?.wait(timeoutMs, 'did not say its run finished').catch(() => {});
    },
    async leave(timeoutMs) {
      await party.settled(timeoutMs);
      party.close();
    },
    close() {
      if (closed) return;
      closed = true;
      offChange();
      offControl();
      lastFinished?.cancel();
      active?.transport.abort(`party ${mesh.self} left the room`);
      mesh.destroy();
      worker?.terminate();
    },
  };
  return party;
}

/** What a Node party says about the trust model of a run it takes part in (one line). */
export function trustLine(trust: RunParams['trust'], self: number): string {
  if (trust === 'ot') return 'trust ot: the parties make the Beaver material by oblivious transfer; no party learns another\'s masks (semi-honest).';
  if (self === DEALER_SEAT) return 'trust tfp: this Node party is party 0, the trusted first party: it receives every party\'s seed and could learn every secret of the run (semi-honest).';
  return 'trust tfp: party 0 is the trusted first party: it receives this party\'s seed and could learn every secret of the run (semi-honest).';
}
