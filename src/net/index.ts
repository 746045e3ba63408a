/** The page's network layer: signaling client, WebRTC mesh, framing, and the engine's Transport. */
export { NetError, type NetErrorCode } from '../link/errors';
export { DEFLATE_LEVEL } from '../link/compress';
export { DEFAULT_LINK_OPTIONS, type FrameWireInfo, type LinkOptions, type LinkStats } from '../link/link';
export { Mesh, type FrameHandler, type MeshOptions, type MeshSnapshot, type PeerConnState, type PeerInfo } from './mesh';
export { defaultSignalingUrl, serverCode } from './signalingClient';
export { MeshTransport, type MeshTransportOptions, type PeerWireStats, type RunWireStats } from './transport';
export type { ControlMessage } from '../link/channelWire';
export { addWire } from '../link/wireStats';
