/**
 * The page's two watches over a run in progress (the rules are stallWatch.ts's): vouching for its
 * own busy engine to the peers, and giving up on a run that stopped moving.
 */
import type { Mesh, MeshTransport } from '../net';
import type { RunStore } from './runStore';
import { e2eSwitches } from './e2eSwitches';
import { vouchesForEngine, watchStall, type EngineWord } from './stallWatch';

/** How often the page vouches for its computing engine (see vouchesForEngine, FRAME_SILENCE_MS). */
const VOUCH_MS = 1_000;

/**
 * While this party's engine is on its way to its next frame (computing, a round held by its user,
 * or the frames it needs still arriving), tell the peers every VOUCH_MS, so their engines do not
 * give up on a slow party as on one that dropped its frame. Returns stop.
 */
export function vouchWhileBusy(runStore: RunStore, mesh: Mesh, transport: MeshTransport, word: () => EngineWord | null): () => void {
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

/**
 * A run with no finished round and no byte from any peer for this long has stopped (ms). The e2e
 * tests shorten it with `?e2e&stallMs=N` (in the e2e build only: e2eSwitches.ts).
 */
const STALL_MS = e2eSwitches().stallMs ?? 90_000;

/**
 * Give up on a run that stopped moving, naming the round and the silent peers (see stallWatch),
 * then `stalled` (which replaces a worker that does not stop). Returns stop.
 */
export function watchRun(runStore: RunStore, mesh: Mesh, transport: MeshTransport, stalled: () => void): () => void {
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
      stalled();
    },
  });
}
