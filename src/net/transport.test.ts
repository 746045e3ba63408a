import { describe, expect, it } from 'vitest';
import { MpcError } from '../mpc/errors';
import { deflateFrame } from '../link/compress';
import { Emitter } from './emitter';
import { NetError } from '../link/errors';
import type { FrameHandler, Mesh } from './mesh';
import { MeshTransport } from './transport';
import type { FrameWireInfo } from '../link/link';
import { CHUNK_HEADER_BYTES, INBOX_LIMITS, type ControlMessage } from '../link/channelWire';

/** The part of Mesh the transport uses, in memory. */
class FakeMesh {
  readonly events = new Emitter<{ 'peer-closed': [number, NetError]; control: [number, ControlMessage] }>();
  readonly sessions = new Map<number, FrameHandler>();
  readonly sent: { to: number; session: number; bytes: Uint8Array; compress: boolean }[] = [];
  readonly broadcasts: ControlMessage[] = [];
  readonly controls: { to: number; msg: ControlMessage }[] = [];
  /** Chunk bytes received per peer (the link counters MeshTransport.activity reads). */
  readonly chunkBytes = new Map<number, number>();
  /** Set by FakeRoom: where control messages go. */
  room: FakeRoom | null = null;
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
  sendControl(to: number, msg: ControlMessage): void {
    if (this.gone.has(to)) throw new NetError('ERR_PEER_GONE', `party ${to} left the room`);
    this.controls.push({ to, msg });
    this.room?.carry(this.self, to, msg);
  }
  stats(peer: number): { frameWireBytesReceived: number } | null {
    return { frameWireBytesReceived: this.chunkBytes.get(peer) ?? 0 };
  }
  deliver(from: number, session: number, bytes: Uint8Array, wireBytes = bytes.length + CHUNK_HEADER_BYTES): void {
    this.sessions.get(session)?.(from, bytes, { wireBytes, compressed: false, codecMs: 0 });
  }
}

/** Three (or more) fake meshes whose control messages reach each other, a task later, as on real links. */
class FakeRoom {
  readonly meshes: FakeMesh[];
  readonly transports: MeshTransport[];
  constructor(parties: number, session: number) {
    this.meshes = Array.from({ length: parties }, (_, i) => new FakeMesh(i, parties, [...Array(parties).keys()].filter((j) => j !== i)));
    for (const m of this.meshes) m.room = this;
    this.transports = this.meshes.map((m) => new MeshTransport(m as unknown as Mesh, { session }));
  }
  carry(from: number, to: number, msg: ControlMessage): void {
    setTimeout(() => {
      if (!this.meshes[to]!.gone.has(from)) this.meshes[to]!.events.emit('control', from, msg);
    }, 0);
  }
  /** The connection between a and b fails; each end sees it, as each mesh reports a lost peer. */
  loseLink(a: number, b: number): void {
    this.meshes[a]!.gone.add(b);
    this.meshes[b]!.gone.add(a);
    this.meshes[a]!.events.emit('peer-closed', b, new NetError('ERR_PEER_GONE', `party ${b} closed the connection`));
    this.meshes[b]!.events.emit('peer-closed', a, new NetError('ERR_PEER_GONE', `party ${a} closed the connection`));
  }
  /** Every control message in flight delivered (and those it causes). */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  }
  /** Control messages of `type` sent so far, all meshes. */
  sent(type: ControlMessage['type']): number {
    return this.meshes.reduce((n, m) => n + m.controls.filter((c) => c.msg.type === type).length, 0);
  }
}

/** Whether `p` has settled, and how, without waiting for it. */
function watch(p: Promise<unknown>): { error: MpcError | null; settled: boolean } {
  const s = { error: null as MpcError | null, settled: false };
  p.then(
    () => (s.settled = true),
    (e: MpcError) => Object.assign(s, { settled: true, error: e }),
  );
  return s;
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

  it('fails a peer that sends more than INBOX_LIMITS frames ahead with ERR_BAD_FRAME, and tells the others', async () => {
    const { mesh, t } = setup();
    for (let i = 0; i < INBOX_LIMITS.frames; i += 1) mesh.deliver(1, 5, new Uint8Array([i]));
    expect(mesh.controls).toHaveLength(0);
    mesh.deliver(1, 5, new Uint8Array([99]));
    const e = await rejection(t.receive(1));
    expect(e.code).toBe('ERR_BAD_FRAME');
    expect(e.message).toMatch(/party 1 sent more than 8 frames/);
    expect(mesh.controls.map((c) => [c.to, c.msg.type])).toEqual([[2, 'abort']]);
    await expect(t.failure).rejects.toBe(e);
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
    expect(mesh.controls).toEqual([1, 2].map((to) => ({ to, msg: { type: 'abort', session: 5, reason: 'test over' } })));
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

describe('MeshTransport: a fault between two parties reaches every party', () => {
  it('a lost link between parties 0 and 1: party 2 fails with a coded error naming the link', async () => {
    const room = new FakeRoom(3, 5);
    const [t0, t1, t2] = room.transports as [MeshTransport, MeshTransport, MeshTransport];
    const at2 = watch(t2.receive(0));
    const at0 = watch(t0.receive(1));
    room.loseLink(0, 1);
    await room.settle();
    expect(at0.error?.code).toBe('ERR_PEER_GONE');
    expect(at0.error?.message).toBe('party 1 closed the connection');
    expect(at2.error?.code).toBe('ERR_ABORTED');
    // party 0 saw the loss first and told party 2 (party 1's word came second and changed nothing)
    expect(at2.error?.message).toBe('party 0 aborted the run: party 0 lost its connection to party 1 (party 1 closed the connection)');
    expect((await t2.failure.catch((e: MpcError) => e)).message).toBe(at2.error?.message);
    expect((await t1.failure.catch((e: MpcError) => e)).code).toBe('ERR_PEER_GONE');
    // each party tells once, never the party its news came from: 0 and 1 tell 2, and 2 (told by
    // 0 first) passes it on to 1; nothing echoes back and forth
    expect(room.meshes.map((m) => m.controls.filter((c) => c.msg.type === 'abort').map((c) => c.to))).toEqual([[2], [2], [1]]);
  });

  it('an abort only party 0 hears (party 1 refused the proposal to it alone) reaches party 2', async () => {
    const room = new FakeRoom(3, 5);
    const [t0, , t2] = room.transports as [MeshTransport, MeshTransport, MeshTransport];
    const at2 = watch(t2.receive(1));
    // what the controller sends a proposer it will not run with: an abort to that party only
    room.meshes[1]!.sendControl(0, { type: 'abort', session: 5, reason: 'party 1 is busy with another run' });
    await room.settle();
    expect((await t0.failure.catch((e: MpcError) => e)).message).toBe('party 1 aborted the run: party 1 is busy with another run');
    expect(at2.error?.code).toBe('ERR_ABORTED');
    expect(at2.error?.message).toBe('party 0 aborted the run: party 1 aborted the run: party 1 is busy with another run');
  });

  it('abort() here reaches every party, even when the link to one of them fails as it sends', async () => {
    const room = new FakeRoom(3, 5);
    room.meshes[0]!.gone.add(1);
    const at2 = watch(room.transports[2]!.receive(0));
    room.transports[0]!.abort('aborted by party 0');
    await room.settle();
    expect(at2.error?.message).toBe('party 0 aborted the run: aborted by party 0');
    // 0 reached 2 only; 2 passed it on to 1, and 1 to 0 (whose failed send 1 did not see)
    expect(room.meshes.map((m) => m.controls.filter((c) => c.msg.type === 'abort').map((c) => c.to))).toEqual([[2], [0], [1]]);
    expect((await room.transports[1]!.failure.catch((e: MpcError) => e)).message).toBe('party 2 aborted the run: party 0 aborted the run: aborted by party 0');
  });

  it('a session that ends well tells nobody anything on close()', async () => {
    const room = new FakeRoom(3, 5);
    for (const t of room.transports) t.close();
    await room.settle();
    expect(room.sent('abort')).toBe(0);
  });

  it("beat() tells the session's peers that this party is still working; activity() counts it with the link's chunk bytes", async () => {
    const room = new FakeRoom(3, 5);
    const [t0, t1] = room.transports as [MeshTransport, MeshTransport];
    room.meshes[0]!.chunkBytes.set(2, 1000);
    expect(t0.activity()).toEqual([0, 0, 1000]);
    t1.beat();
    t1.beat();
    await room.settle();
    expect(t0.activity()).toEqual([0, 2, 1000]);
    expect(room.meshes[1]!.controls.map((c) => c.to)).toEqual([0, 2, 0, 2]);
    // another session's word is not this session's
    room.meshes[2]!.sendControl(0, { type: 'working', session: 6 });
    await room.settle();
    expect(t0.activity()).toEqual([0, 2, 1000]);
    // no vouching once the run has stopped here
    t1.abort('stop');
    t1.beat();
    expect(room.meshes[1]!.controls.filter((c) => c.msg.type === 'working')).toHaveLength(4);
  });
});
