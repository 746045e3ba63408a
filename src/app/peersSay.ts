/** Every peer's word of one kind about one session, awaited by the proposer of a run. */
import type { Mesh } from '../net';
import { MpcError } from '../mpc/errors';
import { withDeadline } from '../mpc/sched/deadline';

export interface PeersSay {
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
export function peersSay(mesh: Mesh, type: 'ready' | 'finished', session: number): PeersSay {
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
