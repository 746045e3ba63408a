/**
 * The page's side of signaling: one WebSocket to the server's /signal endpoint, typed messages,
 * create/join as promises. No reconnect: a lost socket is reported once as ERR_SIGNALING.
 */
import type { ClientMessage, ServerMessage } from '../../signaling/protocol';
import { Emitter } from './emitter';
import { NetError } from '../link/errors';
import { ENGINE_WIRE_VERSION } from '../mpc/wireVersion';

export type { ServerMessage } from '../../signaling/protocol';

export interface Joined {
  room: string;
  self: number;
  capacity: number;
  /** The STUN/TURN servers the signaling server hands out (empty: one network only). */
  iceServers: RTCIceServer[];
}

type Events = {
  message: [ServerMessage];
  /** The socket closed (always an error: we only close it in close()). */
  close: [NetError];
};

/** ws://host/signal for the page's own origin. */
export function defaultSignalingUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/signal`;
}

export class SignalingClient {
  private readonly events = new Emitter<Events>();
  private closedByUs = false;

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return; // the server only sends JSON; ignore anything else
      }
      this.events.emit('message', msg);
    });
    ws.addEventListener('close', (ev) => {
      if (this.closedByUs) return;
      this.events.emit('close', new NetError('ERR_SIGNALING', `the signaling server closed the connection (code ${ev.code}${ev.reason ? `, ${ev.reason}` : ''})`));
    });
  }

  /** Open the socket; rejects with ERR_SIGNALING if the server cannot be reached in time. */
  static connect(url: string, timeoutMs = 10_000): Promise<SignalingClient> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url);
      } catch (err) {
        reject(new NetError('ERR_SIGNALING', `bad signaling URL ${url}`, { cause: err }));
        return;
      }
      const timer = setTimeout(() => {
        ws.close();
        reject(new NetError('ERR_SIGNALING', `the signaling server at ${url} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(new SignalingClient(ws));
      });
      ws.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new NetError('ERR_SIGNALING', `cannot reach the signaling server at ${url}`));
      });
    });
  }

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  /**
   * Create a room of `capacity` parties and join it as party 0. The room then admits only parties
   * of this engine version (wire; the server refuses others with ERR_WIRE_MISMATCH).
   */
  create(capacity: number, wire: string = ENGINE_WIRE_VERSION): Promise<Joined> {
    return this.request({ type: 'create', capacity, wire });
  }

  join(room: string, wire: string = ENGINE_WIRE_VERSION): Promise<Joined> {
    return this.request({ type: 'join', room, wire });
  }

  signal(to: number, data: unknown): void {
    this.send({ type: 'signal', to, data });
  }

  leave(): void {
    this.send({ type: 'leave' });
  }

  close(): void {
    if (this.closedByUs) return;
    this.closedByUs = true;
    this.events.clear();
    this.ws.close(1000, 'bye');
  }

  private send(msg: ClientMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) throw new NetError('ERR_SIGNALING', 'the signaling connection is closed');
    this.ws.send(JSON.stringify(msg));
  }

  /** Send create/join and wait for `joined` or the server's error (as ERR_SIGNALING with its code). */
  private request(msg: ClientMessage): Promise<Joined> {
    return new Promise((resolve, reject) => {
      const offMsg = this.events.on('message', (m) => {
        if (m.type === 'joined') {
          done();
          // a server that predates `iceServers` sends none
          resolve({ room: m.room, self: m.self, capacity: m.capacity, iceServers: Array.isArray(m.iceServers) ? m.iceServers : [] });
        } else if (m.type === 'error') {
          done();
          reject(Object.assign(new NetError('ERR_SIGNALING', m.message), { serverCode: m.code }));
        }
      });
      const offClose = this.events.on('close', (err) => {
        done();
        reject(err);
      });
      const done = (): void => {
        offMsg();
        offClose();
      };
      try {
        this.send(msg);
      } catch (err) {
        done();
        reject(err);
      }
    });
  }
}

/** The server's error code on a rejected create/join (ERR_ROOM_FULL, ERR_NO_ROOM, ...), if any. */
export function serverCode(err: unknown): string | undefined {
  const c = (err as { serverCode?: unknown } | null)?.serverCode;
  return typeof c === 'string' ? c : undefined;
}
