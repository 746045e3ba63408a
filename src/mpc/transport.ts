/**
 * The only I/O the engine knows: ordered, reliable frames to and from each peer. The in-memory
 * implementation (io/memoryTransport.ts) serves unit tests and the CLI; the page's WebRTC
 * mesh (src/net) serves the product. Protocol code never sees either: it calls the scheduler.
 */

/**
 * A frame as one buffer, or as parts whose concatenation is the frame: the scheduler sends its
 * header and table in one small buffer and each payload as the protocol made it, so no round
 * copies its payloads into a fresh buffer (sched/frameBytes.ts has the helpers).
 */
export type FrameBytes = Uint8Array | readonly Uint8Array[];

export interface Transport {
  /** This party's index, 0..parties-1. */
  readonly self: number;
  /** Number of parties in the session. */
  readonly parties: number;
  /**
   * Send one frame to party `to`. Frames to one peer arrive in the order they were sent.
   * A frame's parts are read, never written: the transport may read them after send() returns
   * (while it writes them out, or, in process, as the peer's received bytes), so their owner must
   * not change them again. A transport that moves bytes to another thread copies parts it did not
   * make (a transferred buffer would vanish under its owner).
   */
  send(to: number, frame: FrameBytes): void;
  /**
   * The next frame from party `from`, in send order, as one buffer or as parts (the in-memory
   * network hands over what was sent). Read only: in process the parts are the peer's. Rejects
   * with an MpcError (ERR_PEER_GONE, ERR_ABORTED) when the peer leaves or the session is torn down.
   */
  receive(from: number): Promise<FrameBytes>;
}
