/**
 * The browser globals the page's net layer (src/net: simple-peer's mesh, the signaling client)
 * uses, installed in Node: node-datachannel's RTCPeerConnection (libdatachannel, real WebRTC:
 * ICE, DTLS, SCTP) and ws's WebSocket. The same mesh code then runs in a Node party as on a page.
 */
import { RTCIceCandidate, RTCPeerConnection, RTCSessionDescription } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';

/**
 * simple-peer rewrites the `sdp` of the description createOffer/createAnswer return (it strips
 * trickle lines); the polyfill's descriptions have a getter-only `sdp`, so hand it plain objects.
 */
class NodePeerConnection extends RTCPeerConnection {
  override async createOffer(): Promise<RTCSessionDescriptionInit> {
    const d = (await super.createOffer()) as RTCSessionDescriptionInit;
    return { type: d.type, sdp: d.sdp ?? '' };
  }
  override async createAnswer(): Promise<RTCSessionDescriptionInit> {
    const d = (await super.createAnswer()) as RTCSessionDescriptionInit;
    return { type: d.type, sdp: d.sdp ?? '' };
  }
}

let installed = false;

/** Install the globals once (idempotent); simple-peer finds RTCPeerConnection on globalThis. */
export function installNodeWebRtc(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  g['RTCPeerConnection'] = NodePeerConnection;
  g['RTCSessionDescription'] = RTCSessionDescription;
  g['RTCIceCandidate'] = RTCIceCandidate;
  g['WebSocket'] ??= WebSocket;
}
