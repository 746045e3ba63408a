/**
 * Errors of the page's network layer. Like the engine's MpcError (and simple-peer), each carries a
 * `code` a program can branch on and a message that names the party involved.
 */
import type { MpcErrorCode } from '../mpc/errors';

export type NetErrorCode =
  | 'ERR_SIGNALING' // the signaling server is unreachable, closed the socket, or refused a request
  | 'ERR_PEER_GONE' // a peer left the room, closed its tab, or its connection failed
  | 'ERR_BAD_FRAME' // a peer sent bytes that do not parse (bad chunk order, length, JSON)
  | 'ERR_BACKLOG' // too much data is waiting for a session nobody listens to
  | 'ERR_NO_PEER' // send/receive to a party that is not connected
  | 'ERR_NO_PATH' // ICE found no working candidate pair to a peer (other network, no STUN/TURN)
  | 'ERR_DESTROYED'; // the link or mesh was torn down (by us)

export class NetError extends Error {
  constructor(
    readonly code: NetErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NetError';
  }
}

/** Normalise anything thrown into an Error with a code (ERR_PEER_GONE unless it has one). */
export function asNetError(err: unknown, code: NetErrorCode, context: string): NetError {
  if (err instanceof NetError) return err;
  const inner = err instanceof Error ? err : new Error(String(err));
  const innerCode = (inner as { code?: unknown }).code;
  const suffix = typeof innerCode === 'string' ? ` (${innerCode})` : '';
  return new NetError(code, `${context}: ${inner.message}${suffix}`, { cause: inner });
}

/**
 * The one map of error codes (the engine's MpcErrorCode, NetErrorCode, the signaling server's and
 * the page's own) to what they are: the kind a person is shown as a title, the engine code a
 * transport hands its engine when the link or the page reports it, and, for some, a plain message
 * around the error's own. A code not here is a 'failed' error whose message stands alone.
 */
export type ErrorKind = 'peer-gone' | 'aborted' | 'failed';

interface ErrorEntry {
  readonly kind: ErrorKind;
  /** What a transport hands its engine for a fault with this code (default ERR_PEER_GONE). */
  readonly engine?: MpcErrorCode;
  /** The text a person reads, made from the error's own message (default: that message). */
  readonly plain?: (message: string) => string;
}

const ERRORS: Readonly<Record<string, ErrorEntry>> = {
  // a run's error reads as one sentence made by the page (src/app/runErrorText.ts), its message folded away
  ERR_PEER_GONE: { kind: 'peer-gone', engine: 'ERR_PEER_GONE' },
  ERR_ABORTED: { kind: 'aborted', engine: 'ERR_ABORTED' },
  // the link or mesh was torn down here: the session stops as if aborted
  ERR_DESTROYED: { kind: 'failed', engine: 'ERR_ABORTED' },
  ERR_BAD_FRAME: { kind: 'failed', engine: 'ERR_BAD_FRAME' },
  ERR_NO_PATH: { kind: 'peer-gone', engine: 'ERR_PEER_GONE' },
  ERR_TIMEOUT: { kind: 'failed', engine: 'ERR_TIMEOUT' },
  // the signaling server's codes (serverCode of an ERR_SIGNALING): the lobby shows these texts
  ERR_ROOM_FULL: { kind: 'failed', plain: () => 'This room is full. Ask its creator for a room with more places, or create a new one.' },
  ERR_NO_ROOM: { kind: 'failed', plain: () => 'This room does not exist any more (rooms close when everyone has left). Create a new one.' },
  ERR_BAD_ROOM: { kind: 'failed', plain: () => 'This link does not contain a valid room id.' },
  ERR_WIRE_MISMATCH: {
    kind: 'failed',
    plain: () => 'This tab runs another version of TabMPC than the room: reload the page (a Node party: update it) so that every party runs the same build.',
  },
};

/** The title a person sees over an error of each kind. */
export const ERROR_TITLES: Readonly<Record<ErrorKind, string>> = { 'peer-gone': 'Peer left', aborted: 'Aborted', failed: 'Run failed' };

export function errorKind(code: string): ErrorKind {
  return ERRORS[code]?.kind ?? 'failed';
}

/**
 * The engine's code for a fault a transport learns of by `code` (a link's NetError, or a code the
 * page relays): what stops the session for that peer. Anything else is a peer gone.
 */
export function engineCode(code: string | undefined): MpcErrorCode {
  return (code === undefined ? undefined : ERRORS[code]?.engine) ?? 'ERR_PEER_GONE';
}

/** The text a person reads for an error of `code` with `message`. */
export function plainMessage(code: string, message: string): string {
  return ERRORS[code]?.plain?.(message) ?? message;
}

/** The code and message of anything thrown (`fallback` when it has no code). */
export function codeAndMessage(err: unknown, fallback = 'ERR_UNEXPECTED'): { code: string; message: string } {
  const e = err as { code?: string; message?: string } | null;
  return { code: e?.code ?? fallback, message: e?.message ?? String(err) };
}
