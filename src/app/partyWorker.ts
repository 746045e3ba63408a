/**
 * The page's handle on a party's worker: start it, run a session in it, and pump frames between
 * the worker's port and a Transport the page owns (the WebRTC mesh's). The UI uses only this and
 * the types of api.ts.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { MpcError } from '../mpc/errors';
import { withDeadline } from '../mpc/sched/deadline';
import type { Transport } from '../mpc/transport';
import { joinFrame } from '../mpc/sched/frameBytes';
import type { PartyWorkerApi, PortIn, PortOut, RunConfig, RunProgress, RunResult } from '../workers/api';
import { PageBeat, pageBeatCells, type PageVisibility } from '../link/pageBeat';
import { codeAndMessage } from '../link/errors';

export interface PartyWorker {
  readonly api: Remote<PartyWorkerApi>;
  /**
   * Rejects once the worker is gone: it failed (an uncaught error or a message it could not
   * read), or it was stopped with a reason. A call to a dead worker never answers, so every call
   * that matters races this.
   */
  readonly lost: Promise<never>;
  /** Whether `lost` has rejected: the worker is gone and calls to it never answer. */
  readonly dead: boolean;
  /** Stop the worker at once; with a reason, `lost` rejects with it. */
  terminate(reason?: Error): void;
  /** The page's heartbeat for this worker (pageBeat.ts), beating during runs; null without SharedArrayBuffer. */
  readonly beat: PageBeat | null;
}

/** `page` is the page's visibility, for the worker's heartbeat (pageBeat.ts). */
export function startPartyWorker(page: PageVisibility): PartyWorker {
  const worker = new Worker(new URL('../workers/party.worker.ts', import.meta.url), { type: 'module', name: 'tabmpc-party' });
  let fail!: (e: Error) => void;
  const lost = new Promise<never>((_, reject) => (fail = reject));
  let dead = false;
  lost.catch(() => (dead = true)); // otherwise observed by whoever races it
  const gone = (why: string) => fail(new MpcError('ERR_ABORTED', `the party worker failed: ${why}`));
  worker.addEventListener('error', (ev) => gone(ev.message || 'an uncaught error'));
  worker.addEventListener('messageerror', () => gone('it received a message it could not read'));
  const api = wrap<PartyWorkerApi>(worker);
  const cells = pageBeatCells();
  if (cells) void api.watchPage(cells.buffer as SharedArrayBuffer);
  const beat = cells && new PageBeat(cells, page);
  return {
    api,
    beat,
    lost,
    get dead() {
      return dead;
    },
    terminate: (reason) => {
      worker.terminate();
      beat?.stop();
      if (reason) fail(reason);
    },
  };
}

/**
 * Run one exp session in `worker` as party `self`, with `transport` carrying its frames. Resolves
 * with the result, or rejects with an Error carrying the engine's `code` and message. `inputs`
 * moves to the worker (transferred, not copied): pass a copy of what the page keeps. `activity`,
 * given, is sampled every ACTIVITY_FEED_MS for the engine (PartyWorkerApi.peerActivity).
 */
export async function runInWorker(
  worker: PartyWorker,
  transport: Transport,
  config: RunConfig,
  inputs: Float64Array | null,
  onProgress: (p: RunProgress) => void,
  activity?: () => readonly number[],
): Promise<RunResult> {
  const channel = new MessageChannel();
  const pump = pumpFrames(transport, channel.port1);
  worker.beat?.start();
  const feed = activity && setInterval(() => void worker.api.peerActivity(config.session, activity()).catch(() => {}), ACTIVITY_FEED_MS);
  try {
    const outcome = await Promise.race([worker.api.run(transport.self, config, inputs && transfer(inputs, [inputs.buffer]), transfer(channel.port2, [channel.port2]), proxy(onProgress)), worker.lost]);
    // The outcome can overtake the worker's last frames (another channel): forward them all
    // first, or a peer waits forever for our share of the result.
    await pump.ended(END_GRACE_MS);
    if (!outcome.ok) throw Object.assign(new Error(outcome.message), { code: outcome.code });
    return outcome.result;
  } finally {
    if (feed) clearInterval(feed);
    worker.beat?.stop();
    pump.stop();
  }
}

/** How long the page waits for the worker's 'end' after its outcome (it was posted before). */
const END_GRACE_MS = 10_000;
/** How often the page tells the engine what it saw of the peers (see FRAME_SILENCE_MS's budget). */
const ACTIVITY_FEED_MS = 500;

export interface FramePump {
  /**
   * Resolves once the worker's 'end' has arrived, i.e. every frame it posted before has gone to
   * transport.send; rejects with ERR_TIMEOUT after `timeoutMs`.
   */
  ended(timeoutMs: number): Promise<void>;
  /** Stop forwarding in both directions and close the port (idempotent). */
  stop(): void;
}

/** Forward frames: worker → transport.send, and every peer's transport.receive → worker. */
export function pumpFrames(transport: Transport, port: MessagePort): FramePump {
  let stopped = false;
  let markEnded!: () => void;
  const endSeen = new Promise<void>((resolve) => (markEnded = resolve));
  port.onmessage = (ev: MessageEvent<PortOut>) => {
    const m = ev.data;
    if (m.type === 'end') {
      markEnded();
      return;
    }
    try {
      transport.send(m.to, new Uint8Array(m.bytes));
    } catch {
      // the transport has already failed that peer; the worker learns it from the receive side
    }
  };
  const post = (m: PortIn, transfers: Transferable[] = []) => {
    if (!stopped) port.postMessage(m, transfers);
  };
  for (let peer = 0; peer < transport.parties; peer++) {
    if (peer === transport.self) continue;
    void (async () => {
      while (!stopped) {
        let frame: Uint8Array;
        try {
          // the page's transport hands over one reassembled buffer per frame, its own to move
          frame = joinFrame(await transport.receive(peer));
        } catch (err) {
          post({ type: 'peer-error', from: peer, ...codeAndMessage(err, 'ERR_PEER_GONE') });
          return;
        }
        const whole = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
        const bytes = whole ? (frame.buffer as ArrayBuffer) : frame.slice().buffer;
        post({ type: 'frame', from: peer, bytes }, [bytes]);
      }
    })();
  }
  return {
    ended(timeoutMs) {
      return withDeadline(endSeen, timeoutMs, () => new MpcError('ERR_TIMEOUT', `the worker's frame port did not end within ${timeoutMs} ms of its outcome`));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      port.onmessage = null;
      port.close();
    },
  };
}
