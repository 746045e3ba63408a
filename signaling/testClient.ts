/**
 * A ws client for the signaling tests: queues what it receives (parsed and as raw text) so a test
 * can await the next message of a type, and records how the socket closed.
 */
import { WebSocket, type ClientOptions } from 'ws';
import type { ServerMessage } from './protocol';

export class Client {
  readonly ws: WebSocket;
  /** Every text message as received, in order (for byte-exact checks). */
  readonly raw: string[] = [];
  /** Resolves with the close code once the socket has closed. */
  readonly closed: Promise<number>;
  private readonly inbox: ServerMessage[] = [];
  private waiter: (() => void) | null = null;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      this.inbox.push(JSON.parse(text) as ServerMessage);
      this.waiter?.();
    });
    this.closed = new Promise((ok) => ws.once('close', (code) => ok(code)));
  }

  /** Open a socket to `url` (http://host:port/); rejects with the HTTP status if the upgrade is refused. */
  static async open(url: string, options: ClientOptions = {}): Promise<Client> {
    const ws = new WebSocket(url.replace('http', 'ws') + 'signal', options);
    await new Promise<void>((ok, ko) => {
      ws.once('open', () => ok());
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        ko(new Error(`refused: HTTP ${res.statusCode ?? '?'}`));
      });
      ws.once('error', ko);
    });
    return new Client(ws);
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next message of `type` (earlier messages of other types are dropped). */
  async next<T extends ServerMessage['type']>(type: T, timeoutMs = 3000): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i >= 0) {
        const [m] = this.inbox.splice(0, i + 1).slice(-1);
        return m as Extract<ServerMessage, { type: T }>;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} message within ${timeoutMs} ms; inbox: ${JSON.stringify(this.inbox).slice(0, 2000)}`);
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, left);
        this.waiter = () => {
          clearTimeout(t);
          ok();
        };
      });
    }
  }

  async error(timeoutMs = 3000): Promise<{ code: string; message: string }> {
    return this.next('error', timeoutMs);
  }

  /** Proves the server still answers this socket. */
  async roundTrip(): Promise<void> {
    this.send({ type: 'nope' });
    const e = await this.error();
    if (e.code !== 'ERR_UNKNOWN_TYPE') throw new Error(`round trip answered ${e.code}`);
  }

  close(): void {
    this.ws.close();
  }
}

/** A room of `capacity` with `joiners` more members joined; members[i] is party i. */
export async function openRoom(url: string, capacity: number, joiners: number, options: ClientOptions = {}): Promise<{ room: string; members: Client[] }> {
  const a = await Client.open(url, options);
  a.send({ type: 'create', capacity });
  const room = (await a.next('joined')).room;
  const members = [a];
  for (let i = 0; i < joiners; i += 1) {
    const c = await Client.open(url, options);
    c.send({ type: 'join', room });
    const self = (await c.next('joined')).self;
    if (self !== i + 1) throw new Error(`joined as ${self}, expected ${i + 1}`);
    members.push(c);
  }
  return { room, members };
}
