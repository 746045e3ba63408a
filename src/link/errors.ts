/**
 * Errors of the page's network layer. Like the engine's MpcError (and simple-peer), each carries a
 * `code` a program can branch on and a message that names the party involved.
 */
export type NetErrorCode =
  | 'ERR_SIGNALING' // the signaling server is unreachable, closed the socket, or refused a request
  | 'ERR_PEER_GONE' // a peer left the room, closed its tab, or its connection failed
  | 'ERR_BAD_FRAME' // a peer sent bytes that do not parse (bad chunk order, length, JSON)
  | 'ERR_BACKLOG' // too much data is waiting for a session nobody listens to
  | 'ERR_NO_PEER' // send/receive to a party that is not connected
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
