/**
 * One party of `tabmpc bench --transport webrtc`, as its own Node process: joins a room over real
 * WebRTC (node-datachannel, src/node/party.ts's mesh), then, with the other party, measures
 *   1. the channel's throughput: party 0 sends THROUGHPUT_BYTES in 1 MiB frames, party 1 answers
 *      one byte once all are in (party 0's wall time, first send to answer);
 *   2. mul + open at each size: x and y shared by v2a, then z = x·y (Beaver) and z opened to both
 *      (party 0's wall time of the two, and their rounds and payload bytes).
 * Party 0 prints one JSON line with the figures. Usage (bench/webrtcBench.ts starts it):
 *   tsx bench/webrtcPeer.ts --url ws://127.0.0.1:PORT/signal (--create 2 | --room ID) --sizes N,N
 */
import { hostEntropy } from '../src/mpc/prg/entropy';
import { Party } from '../src/mpc/protocols/semi2k/party';
import { MeshTransport } from '../src/net';
import { joinRoom } from '../src/node/party';
import { parseFlags } from './args';
import { mulOpen as mulOpenOnce, type MulOpenFigures } from './mulOpen';

const THROUGHPUT_BYTES = 64 * 1024 * 1024;
const FRAME_BYTES = 1024 * 1024;

export interface PeerReport {
  readonly connectMs: number;
  readonly throughputBytesPerSec: number;
  readonly throughputBytes: number;
  readonly mulOpen: MulOpenFigures[];
}

const flags = parseFlags(process.argv.slice(2), { url: { kind: 'string' }, room: { kind: 'string' }, create: { kind: 'int' }, sizes: { kind: 'string' } });
const sizes = String(flags.sizes ?? '10000').split(',').map(Number);
const t0 = performance.now();
const party = await joinRoom({
  signalingUrl: String(flags.url),
  ...(flags.room ? { room: String(flags.room) } : { create: Number(flags.create ?? 2) }),
  input: { kind: 'value', value: 0, lo: 0, hi: 0, spacing: 'even' },
});
const { mesh } = party;
if (mesh.self === 0) process.stdout.write(JSON.stringify({ event: 'joined', room: mesh.room }) + '\n');
await party.whenFull(60_000);
const connectMs = performance.now() - t0;
const peer = 1 - mesh.self;

// 1. throughput, on a session of its own
const tp = new MeshTransport(mesh, { session: 1, parties: 2 });
let throughputMs = 0;
if (mesh.self === 0) {
  const start = performance.now();
  for (let sent = 0; sent < THROUGHPUT_BYTES; sent += FRAME_BYTES) tp.send(peer, new Uint8Array(FRAME_BYTES).fill(sent & 0xff));
  await tp.receive(peer);
  throughputMs = performance.now() - start;
} else {
  for (let got = 0; got < THROUGHPUT_BYTES; ) got += (await tp.receive(peer)).length;
  tp.send(peer, new Uint8Array(1));
}
tp.close();

// 2. mul + open, each size on a session of its own
const mulOpen: MulOpenFigures[] = [];
// the first size is a warm-up (JIT, wasm), not reported
for (const [i, n] of [64, ...sizes].entries()) {
  const transport = new MeshTransport(mesh, { session: 2 + i, parties: 2 });
  const p = await Party.setup(transport, { field: 'FM128', entropy: hostEntropy });
  const figures = await mulOpenOnce(p, n, () => performance.now());
  if (i > 0) mulOpen.push(figures);
  transport.close();
}

if (mesh.self === 0) {
  const report: PeerReport = { connectMs, throughputBytesPerSec: THROUGHPUT_BYTES / (throughputMs / 1000), throughputBytes: THROUGHPUT_BYTES, mulOpen };
  process.stdout.write(JSON.stringify({ event: 'report', ...report }) + '\n');
}
// leave only once both are done: party 0 still checks its last product after party 1 has its own
const bye = new MeshTransport(mesh, { session: 1000, parties: 2 });
if (mesh.self === 0) {
  bye.send(peer, new Uint8Array(1));
  // the frame must leave before the connection closes
  await new Promise((r) => setTimeout(r, 1000));
} else {
  await bye.receive(peer);
}
party.close();
process.exit(0);
