/** The page's network layer: signaling client, WebRTC mesh, framing, and the engine's Transport. */
export { NetError } from '../link/errors';
export { type LinkOptions } from '../link/link';
export { type PeerPath } from './icePath';
export { Mesh, type MeshOptions, type MeshSnapshot, type PeerConnState, type PeerInfo } from './mesh';
export { serverCode } from './signalingClient';
export { MeshTransport, type RunWireStats } from './transport';
export type { ControlMessage } from '../link/channelWire';
export { addWire } from '../link/wireStats';
