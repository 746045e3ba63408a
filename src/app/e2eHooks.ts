/**
 * Hooks for the Playwright suite (only in the e2e build, and there only with `?e2e` in the URL:
 * main.tsx): drive the real net layer from page.evaluate without any UI for it. Frames carry
 * random bytes; only hashes and timings come back to the test.
 */
import { transfer, wrap, type Remote } from 'comlink';
import { MeshTransport, type LinkOptions, type Mesh } from '../net';
import type { ChannelProbeApi } from '../workers/channelProbe.worker';
import { storesJson } from './stores';
import type { TabApp } from './tabApp';

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function randomFrame(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
  return out;
}

/** Wall-clock ms with sub-ms resolution, comparable across tabs of one machine. */
const wallNow = (): number => performance.timeOrigin + performance.now();

/** The hooks, on `app`'s room and party worker. */
function hooksOf(app: TabApp) {
  const currentMesh = (): Mesh | null => app.room.mesh();

  function transport(session: number, parties?: number): MeshTransport {
    const mesh = currentMesh();
    if (!mesh) throw new Error('not in a room');
    return new MeshTransport(mesh, parties === undefined ? { session } : { session, parties });
  }

  let probe: Remote<ChannelProbeApi> | null = null;

  return {
    self: () => currentMesh()?.self ?? null,
    connected: () => currentMesh()?.connectedPeers() ?? [],
    stats: (peer: number) => currentMesh()?.stats(peer) ?? null,
    /** Every zustand store's state as JSON, to check that no secret ever enters one. */
    stores: () => storesJson(app.stores),
    /** Kill this tab's party worker without telling anyone, as a crash would. */
    crashWorker: () => app.workers.existing()?.terminate(),

    /** Send frames of the given sizes to `to`; returns their hashes and the send start time. */
    async sendFrames(to: number, session: number, sizes: number[], parties?: number) {
      const t = transport(session, parties);
      const frames = sizes.map(randomFrame);
      const hashes = await Promise.all(frames.map(sha256));
      const startedAt = wallNow();
      for (const f of frames) t.send(to, f);
      // Wait for the receiver's acknowledgement frame, so the transport stays open until delivery.
      const ack = await t.receive(to);
      const ackAt = wallNow();
      t.close();
      return { hashes, startedAt, ackAt, ackBytes: ack.length };
    },

    /** Receive `count` frames from `from`, hash them, acknowledge with a 1-byte frame. */
    async receiveFrames(from: number, session: number, count: number, parties?: number) {
      const t = transport(session, parties);
      const got: { hash: string; length: number; at: number }[] = [];
      for (let i = 0; i < count; i += 1) {
        const f = await t.receive(from);
        got.push({ hash: '', length: f.length, at: wallNow() });
        got[got.length - 1]!.hash = await sha256(f);
      }
      t.send(from, new Uint8Array([1]));
      t.close();
      return got;
    },

    /** Send back every frame `from` sends, `count` times (the far end of frameRtts). */
    async echoFrames(from: number, session: number, count: number) {
      const t = transport(session);
      for (let i = 0; i < count; i += 1) t.send(from, await t.receive(from));
      t.close();
    },

    /**
     * Round trips of frames through the mesh alone (no worker): for each size, `repeats` times send a
     * frame to `to` (running echoFrames) and wait for it back, `gapMs` apart. Returns each RTT (ms).
     */
    async frameRtts(to: number, session: number, sizes: number[], repeats: number, gapMs: number) {
      const t = transport(session);
      const out: { size: number; rtts: number[] }[] = [];
      for (const size of sizes) {
        const rtts: number[] = [];
        for (let i = 0; i < repeats; i += 1) {
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
          const frame = randomFrame(size);
          const sent = frame.slice(); // the mesh owns `frame` once sent
          const t0 = performance.now();
          t.send(to, frame);
          const back = await t.receive(to);
          rtts.push(performance.now() - t0);
          if (back.length !== size || back.some((v, k) => v !== sent[k])) throw new Error(`frame of ${size} bytes came back changed (${back.length} bytes)`);
        }
        out.push({ size, rtts });
      }
      t.close();
      return out;
    },

    /**
     * The channel benchmark (bench/e2e/channel.bench.ts): open more negotiated channels on this
     * tab's peer connection to `peer` (stream ids from `firstId` on, as the peer does) and hand them
     * to a probe worker (channelProbe.worker.ts): one raw, then one through the app's link per
     * entry of `links` (name → link options). Needs recordPeerConnections (e2e/helpers.ts) before
     * load; a two-party room has one connection.
     */
    async probeAttach(peer: number, firstId: number, links: Record<string, Partial<LinkOptions>>) {
      const pcs = (window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections;
      const pc = pcs?.[pcs.length - 1];
      if (!pc) throw new Error('no peer connection recorded (recordPeerConnections before load?)');
      const self = currentMesh()?.self;
      if (self === undefined) throw new Error('not in a room');
      probe ??= wrap<ChannelProbeApi>(new Worker(new URL('../workers/channelProbe.worker.ts', import.meta.url), { type: 'module', name: 'tabmpc-channel-probe' }));
      const raw = pc.createDataChannel('probe-raw', { negotiated: true, id: firstId });
      const apps = Object.entries(links).map(([name, link], i) => ({ name, link, channel: pc.createDataChannel(`probe-${name}`, { negotiated: true, id: firstId + 1 + i }) }));
      // transferred in the task that made them, the only time a channel can be
      await probe.attach(self, peer, transfer(raw, [raw]), transfer(apps, apps.map((x) => x.channel)));
    },
    /** Forward to the probe worker (probeAttach first). */
    probeEcho: (...a: Parameters<ChannelProbeApi['echo']>) => probe!.echo(...a),
    probeRtts: (...a: Parameters<ChannelProbeApi['rtts']>) => probe!.rtts(...a),
    probeBulk: (...a: Parameters<ChannelProbeApi['bulk']>) => probe!.bulk(...a),

    /** Start receiving from `from` and report how the transport fails (for the peer-gone test). */
    async receiveUntilError(from: number, session: number) {
      const t = transport(session);
      try {
        await t.receive(from);
        return { code: 'none', message: 'a frame arrived' };
      } catch (err) {
        const e = err as { code?: string; message?: string };
        return { code: e.code ?? 'unknown', message: e.message ?? String(err) };
      }
    },
  };
}

export type E2eHooks = ReturnType<typeof hooksOf>;

export function install(app: TabApp): void {
  (window as unknown as { __tabmpc: E2eHooks }).__tabmpc = hooksOf(app);
}
