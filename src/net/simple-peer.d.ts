/**
 * Types for the part of simple-peer we use, from its prebuilt browser bundle. We do not use
 * @types/simple-peer here: it pulls Node's stream types into a DOM-only layer.
 */
declare module 'simple-peer/simplepeer.min.js' {
  export interface SimplePeerOptions {
    initiator: boolean;
    trickle: boolean;
    config: RTCConfiguration;
    channelConfig?: RTCDataChannelInit;
    allowHalfTrickle?: boolean;
  }
  export interface SimplePeerError extends Error {
    code?: string;
  }
  export interface SimplePeerInstance {
    readonly destroyed: boolean;
    readonly connected: boolean;
    signal(data: unknown): void;
    send(data: Uint8Array): void;
    destroy(err?: Error): void;
    on(event: 'signal', cb: (data: unknown) => void): this;
    on(event: 'connect' | 'close', cb: () => void): this;
    on(event: 'data', cb: (data: Uint8Array) => void): this;
    on(event: 'error', cb: (err: SimplePeerError) => void): this;
    /** Private in simple-peer, stable in 9.x: the data channel (set once negotiated). */
    _channel: RTCDataChannel | null;
    _pc: RTCPeerConnection | null;
  }
  const SimplePeer: new (options: SimplePeerOptions) => SimplePeerInstance;
  export default SimplePeer;
}
