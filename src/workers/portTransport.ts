/**
 * The engine's Transport inside the worker: frames go to the page over a MessagePort (their
 * buffers transferred, not copied) and come back the same way. The page owns the data channels,
 * because RTCPeerConnection does not exist in Chromium's workers.
 */
import { MpcError, type MpcErrorCode } from '../mpc/errors';
import type { Transport } from '../mpc/transport';
import type { PortIn, PortOut } from './api';

interface Inbox {
  readonly frames: Uint8Array[];
  readonly waiters: { resolve(f: Uint8Array): void; reject(e: MpcError): void }[];
  error: MpcError | null;
}

export class PortTransport implements Transport {
  private readonly inboxes: Inbox[];
  private failureListeners: ((e: MpcError) => void)[] = [];
  private firstFailure: MpcError | null = null;
  private closed = false;

  constructor(
    readonly self: number,
    readonly parties: number,
    private readonly port: MessagePort,
  ) {
    this.inboxes = Array.from({ length: parties }, () => ({ frames: [], waiters: [], error: null }));
    port.onmessage = (ev: MessageEvent<PortIn>) => this.onMessage(ev.data);
  }

  send(to: number, frame: Uint8Array): void {
    const err = this.inboxes[to]?.error;
    if (err) throw err;
    // the scheduler's frames own their whole buffer, so it can move without a copy
    const whole = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
    const bytes = whole ? (frame.buffer as ArrayBuffer) : frame.slice().buffer;
    const msg: PortOut = { type: 'frame', to, bytes };
    this.port.postMessage(msg, [bytes]);
  }

  receive(from: number): Promise<Uint8Array> {
    const inbox = this.inboxes[from];
    if (!inbox) return Promise.reject(new MpcError('ERR_PARTY_COUNT', `receive from party ${from}: no such party`));
    const f = inbox.frames.shift();
    if (f) return Promise.resolve(f);
    if (inbox.error) return Promise.reject(inbox.error);
    return new Promise((resolve, reject) => inbox.waiters.push({ resolve, reject }));
  }

  /** Call `cb` with the first peer failure (at once if there was one already). */
  onFailure(cb: (e: MpcError) => void): void {
    if (this.firstFailure) cb(this.firstFailure);
    else this.failureListeners.push(cb);
  }

  /** Post 'end' after every frame sent (see PortOut), then stop listening. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const end: PortOut = { type: 'end' };
    this.port.postMessage(end);
    this.port.onmessage = null;
    this.port.close();
  }

  private onMessage(m: PortIn): void {
    const inbox = this.inboxes[m.from];
    if (!inbox || inbox.error) return;
    if (m.type === 'frame') {
      const bytes = new Uint8Array(m.bytes);
      const w = inbox.waiters.shift();
      if (w) w.resolve(bytes);
      else inbox.frames.push(bytes);
      return;
    }
    const code = (['ERR_PEER_GONE', 'ERR_ABORTED', 'ERR_BAD_FRAME', 'ERR_TIMEOUT'] as const).find((c) => c === m.code) ?? 'ERR_PEER_GONE';
    inbox.error = new MpcError(code as MpcErrorCode, m.message);
    for (const w of inbox.waiters.splice(0)) w.reject(inbox.error);
    if (!this.firstFailure) {
      this.firstFailure = inbox.error;
      for (const cb of this.failureListeners.splice(0)) cb(inbox.error);
    }
  }
}
