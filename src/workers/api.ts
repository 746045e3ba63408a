/**
 * The boundary between the page and a party's engine in its Web Worker: the types that cross it.
 * The UI imports only types from here (and the client), never the engine itself. Nothing here is a
 * share or a secret: inputs go in once, opened results and counters come out.
 */
import type { ExpMethod } from '../mpc/approx/exp';
import type { MeasuredError } from '../mpc/eval/measuredError';
import type { ProfileName } from '../mpc/protocols/semi2k/profile';
import type { Field } from '../mpc/ring';
import type { Counters, PeerTraffic, PhaseTraffic } from '../mpc/sched/counters';
import type { OpNode } from '../mpc/sched/graph';
import type { PendingRound, RoundRecord } from '../mpc/sched/scheduler';
import type { NetProfile } from '../mpc/io/netem';
import type { RunWireStats } from '../link/wireStats';
import type { LinkOptions } from '../link/link';
import type { OtExtension } from '../mpc/offline/otSetup';
import type { CotExtensionWork } from '../mpc/offline/corr/otDealer';
import type { Trust } from '../mpc/protocols/semi2k/party';

export type { Counters, ExpMethod, OtExtension, Trust, Field, NetProfile, OpNode, PeerTraffic, PendingRound, PhaseTraffic, ProfileName, RoundRecord };

/** Everything every party must agree on before a run (the proposal the page broadcasts). */
export interface RunConfig {
  /** Frames carry it; two runs over one mesh never mix. */
  readonly session: number;
  readonly parties: number;
  readonly method: ExpMethod;
  readonly iterations: number;
  readonly profile: ProfileName;
  readonly field: Field;
  readonly batching: boolean;
  /** Number of input values. */
  readonly n: number;
  /** The party whose values are the (private) inputs. */
  readonly inputParty: number;
  readonly lowerClamp: boolean;
  readonly upperClamp: boolean;
  /** Emulate this network on outgoing frames (every party does), or null. */
  readonly net: NetProfile | null;
  /** Hold each round until `step()` is called. */
  readonly stepMode: boolean;
  /** Deflate every frame sent (fflate); the results and engine counters do not change. */
  readonly compression: boolean;
  /**
   * Fail the run with ERR_TIMEOUT once a peer whose frame the engine awaits shows no sign of it
   * for this long (ms; scheduler.ts, Liveness). Default FRAME_SILENCE_MS; 0 = never.
   */
  readonly frameSilenceMs?: number;
  /**
   * Who makes the correlated (Beaver) randomness: 'ot', the parties themselves by oblivious
   * transfer in an offline phase (no party learns another's masks); 'tfp', party 0 from every
   * party's seed (it could learn every secret). Default 'tfp'.
   */
  readonly trust?: Trust;
  /** trust 'ot': the OT extension (every party must use the same). Default 'iknp'. */
  readonly otExtension?: OtExtension;
}

/**
 * A peer whose frame is awaited and which shows no sign of it for this long is taken to have
 * dropped it (ms). Signs: bytes of its frames, and its page's word that its engine is still on
 * the way to its next frame (stallWatch.ts, vouchesForEngine). The budget: a fault ends the run at
 * every party within 10 s. Once a party's engine stops moving, its page may vouch for it for up
 * to ~2 s more (its last word or bytes not yet stale), the page feeds what it saw to the engine
 * every 0.5 s, the engine looks every 0.75 s, and telling the others takes milliseconds:
 * 2 + 0.5 + 6 + 0.75 < 10. Against it, the longest silence seen from a healthy peer (between its
 * vouchings, through the pages' timers) is a few seconds.
 */
export const FRAME_SILENCE_MS = 6_000;

/**
 * The session's frames on the worker's own data channels (the page counts those it relays):
 * which peers this party sends to that way, and the wire counters there.
 */
export interface ChannelTraffic {
  readonly peers: readonly number[];
  readonly wire: RunWireStats;
  /**
   * Per party: chunk bytes arrived on its channel since the worker took it, whole frames or not
   * (`wire` counts whole frames of this session only). A frame of a big round takes many seconds
   * to arrive; this moves while it does, which tells the stall watch the run is alive.
   */
  readonly chunkBytesReceived: readonly number[];
  /** Per party: the last ping round trip on its worker channel (ms), null without one. */
  readonly rttMs: readonly (number | null)[];
  /**
   * Per party: the bytes that ping queued behind in the channel's send buffer (link.ts,
   * rttQueuedBytes): during a run a round trip is mostly the wait behind the run's own frames.
   */
  readonly rttQueuedBytes: readonly (number | null)[];
  /**
   * Per party: keep-warm bytes sent and received on its channel since the worker took it (link.ts,
   * keepWarmMs): one-byte messages that keep the channel's path warm between rounds, counted
   * apart from frame and control bytes.
   */
  readonly keepWarmBytesSent: readonly number[];
  readonly keepWarmBytesReceived: readonly number[];
}

/**
 * trust 'ot': the offline phase's making of the correlations, this party's part: rounds and payload
 * bytes sent, done and planned (planOffline; the setup's key agreement and base OTs not included).
 */
export interface Preprocess {
  readonly rounds: number;
  readonly bytesSent: number;
  readonly plannedRounds: number;
  readonly plannedBytesSent: number;
  /**
   * At the end of the run: this worker's OT extension work (COTs as receiver and as sender, CPU ms
   * of each role's extend calls) and the random COTs per second it makes of it (cotsPerSecond).
   */
  readonly extension?: Readonly<CotExtensionWork> & { readonly cotsPerSecond: number | null };
}

/** Pushed to the page at a bounded rate while the run goes. */
export interface RunProgress {
  readonly phase: 'planning' | 'running' | 'done';
  /** Online rounds completed so far, and the planned total (the exp's rounds + 1 to open the result). */
  readonly round: number;
  readonly plannedRounds: number;
  /** Planned payload bytes this party sends online: the exp and the opening of the result. */
  readonly plannedBytesSent: number;
  /** Online counters so far (payload and frame bytes, per peer; wire bytes are in RunWireStats). */
  readonly online: PhaseTraffic;
  readonly offline: PhaseTraffic;
  /**
   * trust 'ot': the making of the correlations (the offline rounds after the setup's), done so far
   * and as planned before it started (planOffline, exact); null for 'tfp'.
   */
  readonly preprocess: Preprocess | null;
  /** Operations of the last completed round. */
  readonly currentOps: readonly string[];
  /** Every online round completed so far, in order (for the timeline). */
  readonly rounds: readonly RoundRecord[];
  /** In step mode: the round waiting for `step()`, or null. */
  readonly paused: PendingRound | null;
  readonly elapsedMs: number;
  /** Null until the session's transport exists. */
  readonly channels: ChannelTraffic | null;
  /**
   * The engine has sent its frames of the current round and waits for its peers' (a peer may
   * take its silence for a fault). False while it computes or a round is held in step mode: then
   * the page vouches to the peers that this party's next frame is still coming.
   */
  readonly awaiting?: boolean;
}

export interface RunResult {
  /** exp of every input, opened to all parties. */
  readonly y: Float64Array;
  /** The results' error against Math.exp, measured where x is known: the input party's; null elsewhere. */
  readonly measured: MeasuredError | null;
  /** Traffic of the exp alone (what `tabmpc cost` reports). */
  readonly exp: PhaseTraffic;
  /** All traffic of the run: setup (offline), exp, opening. */
  readonly total: Counters;
  /** The exp's planned rounds + 1 for opening the result. */
  readonly plannedRounds: number;
  readonly rounds: readonly RoundRecord[];
  readonly graph: readonly OpNode[];
  /** Wall time of the exp alone (ms). */
  readonly elapsedMs: number;
  /** Wall time of each phase in the worker (ms): planning, setup rounds, making the correlations (trust 'ot'), input sharing, exp, opening. */
  readonly phasesMs: { readonly plan: number; readonly setup: number; readonly preprocess: number; readonly input: number; readonly exp: number; readonly open: number };
  /** trust 'ot': the making of the correlations, done and planned; null for 'tfp'. */
  readonly preprocess: Preprocess | null;
  readonly channels: ChannelTraffic;
  /**
   * How this worker shared the CPU (src/workers/breathing.ts): null if it never rests (a large
   * machine), else its rules and the time it rested during the run (ms), of which `restedForPageMs`
   * while its page had missed its beats for `pageSilentMs` (src/link/pageBeat.ts).
   */
  readonly breathing: {
    readonly workMs: number;
    readonly restMs: number;
    readonly pageSilentMs: number;
    readonly cores: number;
    readonly restedMs: number;
    readonly restedForPageMs: number;
  } | null;
}

/** Messages on the frame port, page → worker. */
export type PortIn =
  | { readonly type: 'frame'; readonly from: number; readonly bytes: ArrayBuffer }
  | { readonly type: 'peer-error'; readonly from: number; readonly code: string; readonly message: string };

/**
 * Messages on the frame port, worker → page. 'end' comes after the worker's last frame of a run:
 * the run's outcome travels on another channel (comlink's), and Chromium does not order messages
 * across channels, so only 'end' tells the page that every frame has reached it.
 */
export type PortOut = { readonly type: 'frame'; readonly to: number; readonly bytes: ArrayBuffer } | { readonly type: 'end' };

/** This party's shares of the first values of a run's input x and result y, hex ring elements. */
export interface SharesReveal {
  readonly session: number;
  readonly field: Field;
  /** Fraction bits of the fixed-point encoding. */
  readonly fxp: number;
  readonly x: readonly string[];
  readonly y: readonly string[];
}

/**
 * What `run` resolves with. Failures come back as data because comlink carries only an error's
 * name and message across, and the page needs the code (ERR_PEER_GONE, ERR_ABORTED, ...).
 */
export type RunOutcome = { readonly ok: true; readonly result: RunResult } | { readonly ok: false; readonly code: string; readonly message: string };

/** What the run form asks before a run: the job of `run`, without what does not change the offline phase. */
export type OfflineCostQuery = Pick<RunConfig, 'parties' | 'method' | 'iterations' | 'profile' | 'field' | 'batching' | 'n' | 'inputParty' | 'lowerClamp' | 'upperClamp'> & {
  readonly otExtension: OtExtension;
};

/** The offline phase of a trust 'ot' run, planned (exact, as the run's live bar): nothing is made. */
export interface OfflineCost {
  /** Making the Beaver material: rounds, and payload bytes each party sends (index = party; planOffline). */
  readonly rounds: number;
  readonly sent: readonly number[];
  /** The setup before it: its rounds, and the bytes each party sends with fresh base OTs (the first run with its peers) and with kept ones. */
  readonly setupRounds: number;
  readonly setupSentFresh: number;
  readonly setupSentKept: number;
}

export interface PartyWorkerApi {
  /**
   * Run one exp session as party `self`. Frames travel over `port` (see PortIn/PortOut); the page
   * forwards them to and from the WebRTC mesh.
   */
  run(self: number, config: RunConfig, inputs: Float64Array | null, port: MessagePort, onProgress: (p: RunProgress) => void): Promise<RunOutcome>;
  /**
   * Take over the frames data channel to `peer` (transferred from the page, see Mesh's
   * `framesChannel`): sessions send to that peer over it while it is open. `link`: the link's
   * chunking and backpressure, if not the defaults (the e2e build's `link` switch, for benchmarks).
   */
  attachChannel(peer: number, channel: RTCDataChannel, link?: Partial<LinkOptions>): void;
  /**
   * The page's heartbeat (src/link/pageBeat.ts, two Int32 cells): on a small machine the worker
   * rests while the page misses its beats. Called once, when the worker starts.
   */
  watchPage(beat: SharedArrayBuffer): void;
  /**
   * Per party: the page's activity counters for the run of `session` (MeshTransport.activity: its
   * link's chunk bytes and the party's vouchings), which the engine adds to its own channels' to
   * tell a slow peer from a silent one. Ignored for another session.
   */
  peerActivity(session: number, activity: readonly number[]): void;
  /** Step mode: let the held round go. */
  step(): void;
  /** Share inspector (teaching only): this party's own shares of the first values of the last run. */
  revealShares(): SharesReveal | null;
  /**
   * The planned cost of a trust 'ot' run's offline phase (dry runs of the job, kept per job and
   * room size; planOffline for n). Rejects like planning a run does (e.g. a method the room cannot run).
   */
  offlineCost(query: OfflineCostQuery): Promise<OfflineCost>;
}
