/**
 * A party's two watches over a run in progress (the rules are stallWatch.ts's): vouching for its
 * own busy engine to the peers, and giving up on a run that stopped moving. The tab (runs.ts) and
 * the headless party (src/node/party.ts) both run them, each with its own view of the run.
 */
import type { MeshTransport } from '../net';
import type { RunProgress } from '../workers/api';
import { vouchesForEngine, watchStall, type EngineWord } from './stallWatch';

/** How often a party vouches for its computing engine (see vouchesForEngine, FRAME_SILENCE_MS). */
const VOUCH_MS = 1_000;

/** What the watches read of a run: how far it got, and the frame bytes received from each peer. */
export interface RunSight {
  readonly progress: () => RunProgress | null;
  readonly receivedFrom: (peer: number) => number;
}

function peersOf(transport: MeshTransport): number[] {
  return [...Array(transport.parties).keys()].filter((p) => p !== transport.self);
}

/**
 * While this party's engine is on its way to its next frame (computing, a round held by its user,
 * or the frames it needs still arriving), tell the peers every VOUCH_MS, so their engines do not
 * give up on a slow party as on one that dropped its frame. Returns stop.
 */
export function vouchWhileBusy(sight: RunSight, transport: MeshTransport, word: () => EngineWord | null): () => void {
  const startedAt = performance.now();
  const peers = peersOf(transport);
  const frameBytes = (): number => peers.reduce((sum, p) => sum + sight.receivedFrom(p), 0);
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
 * Give up on a run with no finished round and no byte from any peer for stallMs, naming the round
 * and the silent peers (see stallWatch), then `stalled`. Returns stop.
 */
export function watchRun(sight: RunSight, transport: MeshTransport, stallMs: number, stalled: () => void): () => void {
  const peers = peersOf(transport);
  return watchStall({
    stallMs,
    checkMs: 1_000,
    sample: () => [sight.progress()?.round ?? 0, ...peers.map((p) => sight.receivedFrom(p))],
    onStall: (still) => {
      const progress = sight.progress();
      const silent = peers.filter((_, i) => still[i + 1]! >= stallMs);
      const round = progress ? `round ${progress.round + 1} of ${progress.plannedRounds}` : 'the run';
      transport.abort(`no progress for ${stallMs / 1000} s: ${round} never completed, and nothing arrived from party ${silent.join(', party ')} in that time`, 'ERR_TIMEOUT');
      stalled();
    },
  });
}
