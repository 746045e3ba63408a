/**
 * A party's engine, off the UI thread. One `run` per exp session; progress is pushed to the page
 * at most every PROGRESS_INTERVAL_MS (and at every phase change and held round) so the page stays
 * smooth however fast the rounds go.
 */
import { expose, transfer } from 'comlink';
import { hostEntropy } from '../mpc/prg/entropy';
import { setPacer } from '../mpc/pace';
import { measureError } from '../mpc/eval/measuredError';
import { defaultFractionBits } from '../mpc/ring';
import { emulateNetwork, roundTimeMs } from '../mpc/io/netem';
import { emptyCounters, type Counters } from '../mpc/sched/counters';
import type { Transport } from '../mpc/transport';
import type { Liveness, LivenessTransport, PendingRound, RoundRecord } from '../mpc/sched/scheduler';
import { runExpSession } from '../mpc/session/expSession';
import { PlanCache, plannedBytes } from '../mpc/session/plan';
import { correlationsFor } from '../mpc/session/correlationPlan';
import { cotsPerSecond, planOffline } from '../mpc/offline/corr/otDealer';
import { OtStore } from '../mpc/offline/otSetup';
import { FrameChannels } from '../link/frameChannels';
import { FRAME_SILENCE_MS, type ChannelTraffic, type PartyWorkerApi, type Preprocess, type RunOutcome, type RunProgress, type SharesReveal } from './api';
import { breathingPacer, PAGE_SILENT_MS, REST_MS, WORK_MS } from './breathing';
import { pageSilence } from '../link/pageBeat';
import { codeAndMessage } from '../link/errors';
import { PortTransport } from './portTransport';
import { OfflineCostPlanner } from './offlineCost';

// Ten updates a second are smooth to the eye; each one costs the page a style, layout and paint
// pass, and the page's main thread is short of CPU while a run moves data (bench/e2e/responsive.bench.ts).
const PROGRESS_INTERVAL_MS = 100;
/** Progress is also pushed this often when no round finishes (see the heartbeat in run). */
const HEARTBEAT_MS = 1_000;

/** Step mode: the release of the round being held, if any. */
let releaseRound: (() => void) | null = null;

/**
 * This party's own shares of the first values of the last run's x and y. They stay in the worker
 * unless the user switches the share inspector on (revealShares).
 */
let lastShares: SharesReveal | null = null;
const KEPT_SHARES = 4;

/**
 * trust 'ot': the base OTs with each peer, made by the first run with it and reused by the later
 * ones for the lifetime of the worker; forgotten when the peer's channel is renewed (it rejoined).
 */
const otStore = new OtStore();

/** Each job's plan (rounds, bytes, correlations), made by its first run and kept for the later ones. */
const plans = new PlanCache();

/** This worker's data channels to the peers, for the lifetime of the worker (not of a run). */
const channels = new FrameChannels();

/**
 * The page's activity counters of the current run's peers (PartyWorkerApi.peerActivity): chunk
 * bytes of frames it relays, and the peers' word that their engines still compute. Frames on this
 * worker's own channels it cannot see; those the engine counts here.
 */
let pageActivity: { session: number; activity: number[] } | null = null;

/** On a small machine the worker rests now and then while computing (breathing.ts says why). */
const cores = navigator.hardwareConcurrency;
const breathing = breathingPacer(cores);
setPacer(breathing?.pacer ?? null);

const api: PartyWorkerApi = {
  async run(self, config, inputs, port, onProgress) {
    const t0 = performance.now();
    const rested0 = breathing?.restedMs() ?? { total: 0, forPage: 0 };
    let traffic: Counters = emptyCounters(config.parties);
    const rounds: RoundRecord[] = [];
    let phase: RunProgress['phase'] = 'planning';
    let plannedRounds = 0;
    let plannedBytesSent = 0;
    let preprocess: Preprocess | null = null;
    let currentOps: readonly string[] = [];
    let paused: PendingRound | null = null;
    let last = 0;
    let awaiting = false;
    let sessionTransport: PortTransport | null = null;
    const channelTraffic = (): ChannelTraffic | null => {
      if (!sessionTransport) return null;
      const links = Array.from({ length: config.parties }, (_, p) => channels.stats(p));
      return {
        peers: sessionTransport.channelPeers(),
        wire: sessionTransport.channelStats(),
        chunkBytesReceived: links.map((l) => l?.frameWireBytesReceived ?? 0),
        rttMs: links.map((l) => l?.rttMs ?? null),
        rttQueuedBytes: links.map((l) => l?.rttQueuedBytes ?? null),
        keepWarmBytesSent: links.map((l) => l?.keepWarmBytesSent ?? 0),
        keepWarmBytesReceived: links.map((l) => l?.keepWarmBytesReceived ?? 0),
      };
    };
    const push = (force = false) => {
      const now = performance.now();
      if (!force && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      const round = traffic.online.rounds;
      void onProgress({ phase, round, plannedRounds, plannedBytesSent, online: traffic.online, offline: traffic.offline, preprocess, currentOps, rounds, paused, elapsedMs: now - t0, channels: channelTraffic(), awaiting });
    };
    push(true);
    // also between rounds: a big round's frames take seconds to arrive, and the page's stall watch
    // learns that bytes still arrive only from these pushes
    const heartbeat = setInterval(push, HEARTBEAT_MS);
    lastShares = null;
    const fed = { session: config.session, activity: new Array<number>(config.parties).fill(0) };
    pageActivity = fed;
    const port_ = new PortTransport(self, config.parties, port, { channels, session: config.session, compression: config.compression });
    sessionTransport = port_;
    const tPlan = performance.now();
    const plan = await plans.plan(config, config.parties).catch((err: unknown) => err as Error);
    if (plan instanceof Error) {
      clearInterval(heartbeat);
      port_.close();
      return failure(plan);
    }
    const planMs = performance.now() - tPlan;
    // the exp, plus one round to open the result (each party sends its share to every other)
    plannedRounds = plan.rounds + 1;
    const ringBytes = config.field === 'FM64' ? 8 : 16;
    plannedBytesSent = plannedBytes(plan.sent[self]!, config.n) + (config.parties - 1) * ringBytes * config.n;
    if (config.trust === 'ot' && plan.correlations) {
      const off = planOffline(correlationsFor(plan.correlations, config.n), config.parties, ringBytes * 8, config.otExtension ?? 'iknp', { batching: config.batching ?? true });
      preprocess = { rounds: 0, bytesSent: 0, plannedRounds: off.rounds, plannedBytesSent: off.sent[self]! };
    }
    const emulated = config.net ? emulateNetwork(port_, config.net) : null;
    const net = config.net;
    const liveness: Liveness = {
      silenceMs: config.frameSilenceMs ?? FRAME_SILENCE_MS,
      activity: (peer) => (channels.stats(peer)?.frameWireBytesReceived ?? 0) + (fed.activity[peer] ?? 0),
      // an emulated slow link holds a whole frame (at the sender, or here once its bytes are in)
      // for its serialisation time, and perhaps the one before it too
      ...(net ? { graceMs: (bytes: number) => 2 * roundTimeMs(net, bytes) } : {}),
    };
    const transport = engineTransport(emulated ?? port_, liveness, (now) => {
      awaiting = now;
      // the page stops vouching for this engine once it learns (rate-limited like every push)
      if (now) push();
    });
    try {
      const res = await runExpSession(transport, config, inputs, {
        session: config.session,
        entropy: hostEntropy,
        keepShares: KEPT_SHARES,
        otStore,
        ...(plan.correlations ? { correlationPlan: plan.correlations } : {}),
        onStart: () => {
          phase = 'running';
          push(true);
        },
        onRound: (r, t) => {
          traffic = t;
          if (r.phase === 'offline' && preprocess && !r.opNames.some((o) => o.startsWith('setup_'))) {
            preprocess = { ...preprocess, rounds: preprocess.rounds + 1, bytesSent: preprocess.bytesSent + r.payloadBytesSent.reduce((a, b) => a + b, 0) };
            push();
          }
          if (r.phase !== 'online') return;
          rounds.push(r);
          currentOps = r.opNames;
          push();
        },
        ...(config.stepMode
          ? {
              beforeRound: (pending: PendingRound) => {
                if (pending.phase !== 'online') return Promise.resolve();
                paused = pending;
                push(true);
                // held until the user steps, or until a peer fails (an abort must not hang here)
                return new Promise<void>((resolve, reject) => {
                  releaseRound = () => {
                    releaseRound = null;
                    paused = null;
                    resolve();
                  };
                  port_.onFailure(reject);
                });
              },
            }
          : {}),
      });
      // our last frame may still be "on the wire" (emulated) when the peer's has arrived: hand it
      // to the page before the port closes, or the peer waits for it forever
      await emulated?.drain();
      traffic = res.total;
      phase = 'done';
      push(true);
      const { shares, ...rest } = res;
      lastShares = shares ? { session: config.session, field: config.field, fxp: defaultFractionBits(config.field), ...shares } : null;
      const restedNow = breathing?.restedMs() ?? null;
      const result = {
        ...rest,
        measured: inputs && measureError(config.method, inputs, res.y),
        plannedRounds,
        preprocess: preprocess && res.cotExtension ? { ...preprocess, extension: { ...res.cotExtension, cotsPerSecond: cotsPerSecond(res.cotExtension) } } : preprocess,
        phasesMs: { plan: planMs, ...res.phasesMs },
        channels: channelTraffic()!,
        breathing: restedNow && {
          workMs: WORK_MS,
          restMs: REST_MS,
          pageSilentMs: PAGE_SILENT_MS,
          cores,
          restedMs: restedNow.total - rested0.total,
          restedForPageMs: restedNow.forPage - rested0.forPage,
        },
      };
      return transfer({ ok: true as const, result }, [res.y.buffer as ArrayBuffer]);
    } catch (err) {
      return failure(err);
    } finally {
      clearInterval(heartbeat);
      releaseRound = null;
      if (pageActivity === fed) pageActivity = null;
      port_.close();
    }
  },

  peerActivity(session, activity) {
    if (pageActivity?.session === session) pageActivity.activity = [...activity];
  },

  attachChannel(peer, channel, link) {
    channels.add(peer, channel, link);
    // a new channel: the peer rejoined (or reconnected) and may have lost its base OTs with us
    otStore.forget(peer);
  },

  watchPage(beat) {
    breathing?.watchPage(pageSilence(new Int32Array(beat), () => performance.now()));
  },

  step() {
    releaseRound?.();
  },

  revealShares() {
    return lastShares;
  },

  offlineCost(q) {
    return offlineCosts.cost(q);
  },
};

/** The run form's questions about the offline phase, with the plans kept (offlineCost.ts). */
const offlineCosts = new OfflineCostPlanner();

/**
 * `t` as the engine sees it: carrying `liveness` for the scheduler (scheduler.ts, LivenessTransport),
 * telling `awaiting` whether the engine waits for a peer's frame, and telling the pacer whenever the
 * engine takes one (breathing.ts, PAGE_REST_AFTER_MS).
 */
function engineTransport(t: Transport, liveness: Liveness, awaiting: (now: boolean) => void): LivenessTransport {
  let pending = 0;
  const settled = (): void => {
    pending -= 1;
    if (pending === 0) awaiting(false);
  };
  return {
    self: t.self,
    parties: t.parties,
    liveness,
    send: (to, frame) => t.send(to, frame),
    receive: (from) => {
      pending += 1;
      if (pending === 1) awaiting(true);
      return t.receive(from).then(
        (frame) => {
          settled();
          breathing?.frameTaken();
          return frame;
        },
        (err: unknown) => {
          settled();
          throw err;
        },
      );
    },
  };
}

function failure(err: unknown): RunOutcome {
  return { ok: false, ...codeAndMessage(err) };
}

expose(api);
