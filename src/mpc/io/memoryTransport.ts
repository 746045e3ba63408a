/**
 * In-memory transport for unit tests and the CLI: n parties in one process, one FIFO per ordered
 * pair (an Inbox without limits: the parties are all ours). Never a stand-in for the product, which
 * runs over WebRTC (src/net).
 */
import { MpcError } from '../errors';
import type { Transport } from '../transport';
import { Inbox } from './inbox';

export interface MemoryNetwork {
  readonly transports: Transport[];
  /** Fail every pending and future receive (a peer "left"). */
  close(err?: unknown): void;
}

export function memoryNetwork(parties: number): MemoryNetwork {
  // boxes[from][to]: what `from` sent to `to`
  const boxes: Inbox<unknown>[][] = Array.from({ length: parties }, (_, from) => Array.from({ length: parties }, () => new Inbox<unknown>(from)));
  let closed: unknown = null;
  const transports = Array.from({ length: parties }, (_, self): Transport => ({
    self,
    parties,
    send(to, frame) {
      if (closed) throw closed;
      boxes[self]![to]!.push(frame);
    },
    receive(from) {
      return boxes[from]![self]!.receive();
    },
  }));
  return {
    transports,
    close(err = new MpcError('ERR_PEER_GONE', 'in-memory network closed')) {
      closed = err;
      for (const row of boxes) for (const box of row) box.fail(err);
    },
  };
}
