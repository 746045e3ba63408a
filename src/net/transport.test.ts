import { describe, expect, it } from 'vitest';
import { MpcError } from '../mpc/errors';
import { deflateFrame } from '../link/compress';
import { Emitter } from './emitter';
import { NetError } from '../link/errors';
import type { FrameHandler, Mesh } from './mesh';
import { MeshTransport } from './transport';
import type { FrameWireInfo } from '../link/link';
import { CHUNK_HEADER_BYTES, type ControlMessage } from '../link/channelWire';

/** The part of Mesh the transport uses, in memory. */
class FakeMesh {
  readonly events = new Emitter<{ 'peer-closed': [number, NetError]; control: [number, ControlMessage] }>();
  readonly sessions = new Map<number, FrameHandler>();
  readonly sent: { to: number; session: number; bytes: Uint8Array; compress: boolean }[] = [];
  readonly broadcasts: ControlMessage[] = [];
  gone = new Set<number>();
  constructor(
    readonly self: number,
    readonly capacity: number,
    private readonly connected: number[],
  ) {}
  connectedPeers(): number[] {
    return this.connected;
  }
  on(event: 'peer-closed' | 'control', fn: (...a: never[]) => void): () => void {
    return this.events.on(event, fn as never);
  }
  attachSession(session: number, handler: FrameHandler): () => void {
    this.sessions.set(session, handler);
    return () => this.sessions.delete(session);
  }
  sendFrame(to: number, bytes: Uint8Array, session: number, compress = false): FrameWireInfo {
    if (this.gone.has(to)) throw new NetError('ERR_PEER_GONE', `party ${to} left the room`);
    this.sent.push({ to, session, bytes, compress });
    // a real link's figure: one chunk header, the body deflated or not
    const body = compress ? deflateFrame(bytes).length : bytes.length;
    return { wireBytes: body + CHUNK_HEADER_BYTES, compressed: compress, codecMs: compress ? 0.5 : 0 };
  }
  broadcastControl(msg: ControlMessage): void {
    this.broadcasts.push(msg);
  }
  deliver(from: number, session: number, bytes: Uint8Array, wireBytes = bytes.length + CHUNK_HEADER_BYTES): void {
    this.sessions.get(session)?.(from, bytes, { wireBytes, compressed: false, codecMs: 0 });
  }
}

function setup(self = 0, parties = 3): { mesh: FakeMesh; t: MeshTransport } {
  const mesh = new FakeMesh(self, parties, [0, 1, 2].filter((i) => i !== self));
  return { mesh, t: new MeshTransport(mesh as unknown as Mesh, { session: 5 }) };
}

async function rejection(p: Promise<unknown>): Promise<MpcError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(MpcError);
    return err as MpcError;
  }
  throw new Error('expected a rejection');
}

describe('MeshTransport', () => {
  it('sends through the mesh under its session and receives per peer in order', async () => {
    const { mesh, t } = setup();
    expect([t.self, t.parties]).toEqual([0, 3]);
    t.send(2, new Uint8Array([7]));
    expect(mesh.sent).toEqual([{ to: 2, session: 5, bytes: new Uint8Array([7]), compress: false }]);
    const early = t.receive(1); // before arrival
    mesh.deliver(1, 5, new Uint8Array([1]));
    mesh.deliver(1, 5, new Uint8Array([2]));
    mesh.deliver(2, 5, new Uint8Array([3]));
    expect(await early).toEqual(new Uint8Array([1]));
    expect(await t.receive(1)).toEqual(new Uint8Array([2])); // after arrival
    expect(await t.receive(2)).toEqual(new Uint8Array([3]));
  });

  it('rejects with ERR_PEER_GONE naming the party, after delivering what already arrived', async () => {
    const { mesh, t } = setup();
    mesh.deliver(1, 5, new Uint8Array([9]));
    const waiting = t.receive(2);
    mesh.events.emit('peer-closed', 2, new NetError('ERR_PEER_GONE', 'party 2 closed the connection'));
    mesh.events.emit('peer-closed', 1, new NetError('ERR_PEER_GONE', 'party 1 left the room'));
    const e = await rejection(waiting);
    expect(e.code).toBe('ERR_PEER_GONE');
    expect(e.message).toBe('party 2 closed the connection');
    expect(await t.receive(1)).toEqual(new Uint8Array([9]));
    expect((await rejection(t.receive(1))).message).toBe('party 1 left the room');
    expect(() => t.send(1, new Uint8Array(1))).toThrow(/party 1 left/);
  });

  it('maps a malformed frame to ERR_BAD_FRAME and a failed send to ERR_PEER_GONE', async () => {
    const { mesh, t } = setup();
    mesh.events.emit('peer-closed', 1, new NetError('ERR_BAD_FRAME', 'party 1 sent a malformed message'));
    expect((await rejection(t.receive(1))).code).toBe('ERR_BAD_FRAME');
    mesh.gone.add(2);
    expect(() => t.send(2, new Uint8Array(1))).toThrow(MpcError);
    expect((await rejection(t.receive(2))).code).toBe('ERR_PEER_GONE');
  });

  it('aborts on a peer abort for its session only', async () => {
    const { mesh, t } = setup();
    const waiting = t.receive(2);
    mesh.events.emit('control', 1, { type: 'abort', session: 4, reason: 'other run' });
    mesh.events.emit('control', 1, { type: 'abort', session: 5, reason: 'user pressed stop' });
    const e = await rejection(waiting);
    expect(e.code).toBe('ERR_ABORTED');
    expect(e.message).toBe('party 1 aborted the run: user pressed stop');
  });

  it('failure rejects with the first error that stops the session, with no receive pending', async () => {
    const { mesh, t } = setup();
    let settled = false;
    void t.failure.catch(() => (settled = true));
    mesh.events.emit('control', 1, { type: 'abort', session: 4, reason: 'other run' });
    await Promise.resolve();
    expect(settled).toBe(false);
    mesh.events.emit('control', 2, { type: 'abort', session: 5, reason: 'party 2 is busy with another run' });
    const e = await rejection(t.failure);
    expect(e.message).toBe('party 2 aborted the run: party 2 is busy with another run');
    t.close(); // a later error does not replace the first
    expect((await rejection(t.failure)).message).toBe(e.message);
  });

  it('abort() tells the peers and stops here; close() detaches the session', async () => {
    const { mesh, t } = setup();
    const waiting = t.receive(1);
    t.abort('test over');
    expect(mesh.broadcasts).toEqual([{ type: 'abort', session: 5, reason: 'test over' }]);
    expect((await rejection(waiting)).code).toBe('ERR_ABORTED');
    expect(mesh.sessions.has(5)).toBe(false);
    t.close(); // idempotent
  });

  it('asks the mesh to deflate when the session has compression on, and counts frame and wire bytes per peer', async () => {
    const mesh = new FakeMesh(0, 3, [1, 2]);
    const t = new MeshTransport(mesh as unknown as Mesh, { session: 5, compression: true });
    const zeros = new Uint8Array(10_000); // compresses to a few dozen bytes
    t.send(1, zeros);
    t.send(1, new Uint8Array(5));
    mesh.deliver(2, 5, new Uint8Array(300), 130);
    await t.receive(2);
    expect(mesh.sent.map((s) => s.compress)).toEqual([true, true]);
    const st = t.stats();
    expect(st.compression).toBe(true);
    expect(st.perPeer[1]!.framesSent).toBe(2);
    expect(st.perPeer[1]!.frameBytesSent).toBe(10_005);
    const wire = deflateFrame(zeros).length + deflateFrame(new Uint8Array(5)).length + 2 * CHUNK_HEADER_BYTES;
    expect(st.perPeer[1]!.wireBytesSent).toBe(wire);
    expect(wire).toBeLessThan(200);
    expect(st.perPeer[2]).toEqual({ framesSent: 0, frameBytesSent: 0, wireBytesSent: 0, framesReceived: 1, frameBytesReceived: 300, wireBytesReceived: 130 });
    expect(st.perPeer[0]).toEqual({ framesSent: 0, frameBytesSent: 0, wireBytesSent: 0, framesReceived: 0, frameBytesReceived: 0, wireBytesReceived: 0 });
    expect(st.deflateMs).toBe(1);
    const plain = setup().t;
    plain.send(1, new Uint8Array(3));
    expect(plain.stats().perPeer[1]!.wireBytesSent).toBe(3 + CHUNK_HEADER_BYTES);
  });

  it('checks its preconditions', async () => {
    const mesh = new FakeMesh(0, 3, [1]);
    expect(() => new MeshTransport(mesh as unknown as Mesh, { session: 1 })).toThrow(/party 2 is not connected/);
    const two = new MeshTransport(mesh as unknown as Mesh, { session: 1, parties: 2 });
    expect(() => two.send(0, new Uint8Array(1))).toThrow(/not another party/);
    expect((await rejection(two.receive(2))).code).toBe('ERR_PARTY_COUNT');
  });
});
