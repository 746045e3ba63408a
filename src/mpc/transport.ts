/**
 * The only I/O the engine knows: ordered, reliable frames to and from each peer. The in-memory
 * implementation (io/memoryTransport.ts) serves unit tests and the CLI; the page's WebRTC
 * mesh (src/net) serves the product. Protocol code never sees either: it calls the scheduler.
 */
export interface Transport {
  /** This party's index, 0..parties-1. */
  readonly self: number;
  /** Number of parties in the session. */
  readonly parties: number;
  /**
   * Send one frame to party `to`. The transport owns `frame` afterwards (it may transfer its
   * buffer). Frames to one peer arrive in the order they were sent.
   */
  send(to: number, frame: Uint8Array): void;
  /**
   * The next frame from party `from`, in send order. Rejects with an MpcError (ERR_PEER_GONE,
   * ERR_ABORTED) when the peer leaves or the session is torn down.
   */
  receive(from: number): Promise<Uint8Array>;
}
