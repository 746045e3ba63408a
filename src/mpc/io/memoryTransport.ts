/**
 * In-memory transport for unit tests and the CLI: n parties in one process, one FIFO per ordered
 * pair. Never a stand-in for the product, which runs over WebRTC (src/net).
 */
import { MpcError } from '../errors';
import type { Transport } from '../transport';

interface Mailbox {
  frames: Uint8Array[];
  waiters: { resolve(v: Uint8Array): void; reject(e: unknown): void }[];
}

export interface MemoryNetwork {
  readonly transports: Transport[];
  /** Fail every pending and future receive (a peer "left"). */
  close(err?: unknown): void;
}

export function memoryNetwork(parties: number): MemoryNetwork {
  const boxes: Mailbox[][] = Array.from({ length: parties }, () =>
    Array.from({ length: parties }, () => ({ frames: [], waiters: [] })),
  );
  let closed: unknown = null;
  const transports = Array.from({ length: parties }, (_, self): Transport => ({
    self,
    parties,
    send(to, frame) {
      if (closed) throw closed;
      const box = boxes[self]![to]!;
      const w = box.waiters.shift();
      if (w) w.resolve(frame);
      else box.frames.push(frame);
    },
    receive(from) {
      const box = boxes[from]![self]!;
      const f = box.frames.shift();
      if (f) return Promise.resolve(f);
      if (closed) return Promise.reject(closed);
      return new Promise((resolve, reject) => box.waiters.push({ resolve, reject }));
    },
  }));
  return {
    transports,
    close(err = new MpcError('ERR_PEER_GONE', 'in-memory network closed')) {
      closed = err;
      for (const row of boxes) for (const box of row) for (const w of box.waiters.splice(0)) w.reject(err);
    },
  };
}
