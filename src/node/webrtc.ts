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
  /**
   * The polyfill hands libdatachannel `turn:USER:CREDENTIAL@host`, which it percent-decodes; a raw
   * TURN REST username (`<expiry>:<id>`) has a colon, so the server would be misread and no relay
   * candidate gathered. Encoded, both arrive whole.
   */
  constructor(config: RTCConfiguration = {}) {
    super({
      ...config,
      iceServers: (config.iceServers ?? []).map((s) =>
        s.username !== undefined && typeof s.credential === 'string' ? { ...s, username: encodeURIComponent(s.username), credential: encodeURIComponent(s.credential) } : s,
      ),
    });
  }

  /** Negotiated channels asked for before any description was set, made once the remote one is. */
  private readonly held: [string, RTCDataChannelInit][] = [];

  /**
   * libdatachannel negotiates by itself: the first data channel makes it set a local offer. The
   * mesh opens a tab's negotiated frames channel as soon as it creates the connection, so on the
   * answering side that offer would cross the peer's (glare), and the connection failed now and
   * then ("Got a remote candidate without ICE transport"). Such a channel is made once the remote
   * description is set; meanwhile the caller holds a stand-in (the mesh only sets its handlers).
   */
  override createDataChannel(label: string, options: RTCDataChannelInit = {}): NodeDataChannel {
    if (options.negotiated && this.remoteDescription === null) {
      this.held.push([label, options]);
      return { binaryType: 'arraybuffer', onmessage: null } as unknown as NodeDataChannel;
    }
    return super.createDataChannel(label, options);
  }

  override async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await super.setRemoteDescription(description);
    for (const [label, options] of this.held.splice(0)) super.createDataChannel(label, options);
  }

  override async createOffer(): Promise<RTCSessionDescriptionInit> {
    const d = (await super.createOffer()) as RTCSessionDescriptionInit;
    return { type: d.type, sdp: d.sdp ?? '' };
  }
  override async createAnswer(): Promise<RTCSessionDescriptionInit> {
    const d = (await super.createAnswer()) as RTCSessionDescriptionInit;
    return { type: d.type, sdp: d.sdp ?? '' };
  }
}

type NodeDataChannel = ReturnType<RTCPeerConnection['createDataChannel']>;

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
