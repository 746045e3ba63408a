/**
 * The channel benchmark's worker (bench/e2e/channel.bench.ts; e2e build only, started by the e2e
 * hooks): the same data channel to the peer measured two ways in one thread, so the app's cost on
 * top of the channel shows in one run. "raw": an RTCDataChannel and nothing else, a frame as one
 * message (or `split` messages). The app's (each named, e.g. with and without keep-warm): the
 * party worker's own path, FrameChannels (PeerLink: chunking, backpressure, reassembly, routing)
 * and PortTransport (the engine's Transport, its inbox), with the link options given. Both channels are negotiated channels on the tab's peer
 * connection to the peer, next to the mesh's and the party worker's.
 */
import { expose } from 'comlink';
import { FrameChannels, type FramesChannel } from '../link/frameChannels';
import type { LinkOptions, LinkStats } from '../link/link';
import { PortTransport } from './portTransport';

const channels = { apps: new Map<string, FrameChannels>(), raw: null as RTCDataChannel | null, peer: -1, self: -1 };

/** Raw messages not yet read, and the reader waiting for the next one. */
const rawInbox: Uint8Array[] = [];
let rawWaiter: (() => void) | null = null;

function opened(ch: RTCDataChannel): Promise<void> {
  if (ch.readyState === 'open') return Promise.resolve();
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (ch.readyState === 'open') {
        clearInterval(poll);
        resolve();
      }
    }, 10);
  });
}

async function rawNext(): Promise<Uint8Array> {
  while (rawInbox.length === 0) await new Promise<void>((r) => (rawWaiter = r));
  return rawInbox.shift()!;
}

/** Read raw messages until `bytes` bytes have come. */
async function rawRead(bytes: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  let got = 0;
  while (got < bytes || (bytes === 0 && out.length === 0)) {
    const m = await rawNext();
    out.push(m);
    got += m.length;
  }
  return out;
}

/** Send `frame` on the raw channel as `split` messages, waiting below `highWater` buffered bytes. */
async function rawSend(ch: RTCDataChannel, frame: Uint8Array, messageBytes: number, highWater: number): Promise<void> {
  for (let at = 0; at < frame.length || at === 0; at += messageBytes) {
    while (ch.bufferedAmount > highWater) await new Promise<void>((r) => ch.addEventListener('bufferedamountlow', () => r(), { once: true }));
    ch.send(frame.slice(at, Math.min(frame.length, at + messageBytes)));
    if (frame.length === 0) break;
  }
}

function transport(kind: string, session: number): PortTransport {
  const app = channels.apps.get(kind);
  if (!app) throw new Error(`no app channel "${kind}" attached`);
  // frames go on the channel (open: a pong came back); the port relays nothing here
  const t = new PortTransport(channels.self, 2, new MessageChannel().port1, { channels: app, session, compression: false });
  if (t.channelPeers()[0] !== channels.peer) throw new Error(`the app channel to party ${channels.peer} is not open`);
  return t;
}

function randomFrame(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
  return out;
}

const api = {
  /**
   * Take this tab's channels to `peer` (self is this tab's index): the raw one, and the app's, each
   * named, with its link options.
   */
  async attach(self: number, peer: number, raw: RTCDataChannel, apps: { name: string; channel: RTCDataChannel; link: Partial<LinkOptions> }[]): Promise<void> {
    channels.self = self;
    channels.peer = peer;
    raw.binaryType = 'arraybuffer';
    raw.bufferedAmountLowThreshold = 16 * 1024;
    raw.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
      rawInbox.push(new Uint8Array(ev.data));
      rawWaiter?.();
    };
    channels.raw = raw;
    for (const { name, channel, link } of apps) {
      const app = new FrameChannels();
      app.add(peer, channel as unknown as FramesChannel, link);
      channels.apps.set(name, app);
    }
    await opened(raw);
    // an app's channel carries frames once the peer answered a ping on it
    for (const app of channels.apps.values()) while (!app.isOpen(peer)) await new Promise((r) => setTimeout(r, 20));
  },

  /** The far end of `rtts`: send back every frame (raw: every `bytes`) that comes, `count` times. */
  async echo(kind: string, session: number, count: number, bytes: number): Promise<void> {
    if (kind === 'raw') {
      for (let i = 0; i < count; i++) {
        const parts = await rawRead(bytes);
        // as they came: a frame split into messages goes back in the same messages
        for (const p of parts) channels.raw!.send(p as Uint8Array<ArrayBuffer>);
      }
      return;
    }
    const t = transport(kind, session);
    for (let i = 0; i < count; i++) t.send(channels.peer, await t.receive(channels.peer));
    t.close();
  },

  /**
   * Round trips of frames of `bytes` (raw: as `split` messages), `repeats` times, `gapMs` of idle
   * before each. Each RTT in ms; the frames come back checked.
   */
  async rtts(kind: string, session: number, bytes: number, repeats: number, gapMs: number, split: number): Promise<number[]> {
    const out: number[] = [];
    const t = kind === 'raw' ? null : transport(kind, session);
    for (let i = 0; i < repeats; i++) {
      if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      const frame = randomFrame(bytes);
      const first = frame[0];
      const t0 = performance.now();
      let backBytes = 0;
      if (t) {
        t.send(channels.peer, frame);
        const back = await t.receive(channels.peer);
        backBytes = back.length;
        if (bytes > 0 && back[0] !== first) throw new Error('the frame came back changed');
      } else {
        await rawSend(channels.raw!, frame, Math.max(1, Math.ceil(bytes / split)), 1 << 30);
        const back = await rawRead(bytes);
        backBytes = back.reduce((n, m) => n + m.length, 0);
        if (bytes > 0 && back[0]![0] !== first) throw new Error('the frame came back changed');
      }
      out.push(performance.now() - t0);
      if (backBytes !== bytes) throw new Error(`sent ${bytes} bytes, ${backBytes} came back`);
    }
    t?.close();
    return out;
  },

  /**
   * One bulk round both ways: send a frame of `bytes` to the peer (which does the same at once) and
   * receive its. Raw: 128 KiB messages under a `rawHighWater` window. Returns when the peer's frame
   * was in, ms after our send began, and the app link's counters after it.
   */
  async bulk(kind: string, session: number, bytes: number, rawHighWater: number): Promise<{ ms: number; stats: LinkStats | null }> {
    const frame = randomFrame(bytes);
    const t = kind === 'raw' ? null : transport(kind, session);
    const t0 = performance.now();
    if (t) {
      t.send(channels.peer, frame);
      const got = await t.receive(channels.peer);
      if (got.length !== bytes) throw new Error(`a frame of ${got.length} bytes, not ${bytes}`);
    } else {
      const sending = rawSend(channels.raw!, frame, 128 * 1024, rawHighWater);
      await rawRead(bytes);
      await sending;
    }
    const ms = performance.now() - t0;
    t?.close();
    return { ms, stats: channels.apps.get(kind)?.stats(channels.peer) ?? null };
  },
};

export type ChannelProbeApi = typeof api;

expose(api);
