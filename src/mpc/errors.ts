/**
 * Errors of the engine. Every error carries a code a program can branch on and a message a person
 * can act on: it says what was wrong and, where there is one, what is supported instead.
 */
export type MpcErrorCode =
  | 'ERR_BAD_FRAME' // a frame that does not parse, or does not match what this round expects
  | 'ERR_PARTY_COUNT' // wrong number of parties for the operation or the session
  | 'ERR_UNSUPPORTED' // operation, method or setting not available for this ring / party count
  | 'ERR_SHAPE' // lengths or widths that do not fit together
  | 'ERR_RANGE' // an input outside the documented range
  | 'ERR_PEER_GONE' // a peer disconnected or the transport closed
  | 'ERR_ABORTED' // the run was aborted by a party
  | 'ERR_TIMEOUT' // a peer did not answer in time
  | 'ERR_PREPROCESSING'; // the online phase asked for correlations the offline phase did not make

export class MpcError extends Error {
  constructor(
    readonly code: MpcErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MpcError';
  }
}

/** Throw an MpcError with `code` and `message` unless `cond` holds. */
export function enforce(cond: unknown, code: MpcErrorCode, message: string): asserts cond {
  if (!cond) throw new MpcError(code, message);
}
