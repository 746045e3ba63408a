/**
 * Dealer-free preprocessing benchmark (issue 14), in Node, one process:
 *
 *   npx tsx bench/otBench.ts [--n N] [--cots C] [--reps R]
 *
 * 1. base OTs: 128 Simplest OTs over ristretto255 (@noble/curves), each role's CPU time; a pair
 *    of parties runs them in both directions (the COT channels i → j and j → i).
 * 2. random COTs per second, one direction: the receiver's and the sender's extension (ChaCha
 *    PRG + transpose) for IKNP and SoftSpokenOT (k = 4, 7, 8), then the TCCR hashes a random OT
 *    needs (2 at the sender, 1 at the receiver), with the pure-TS kernels of offline/kernels.ts.
 * 3. exp prime, pade and taylor, profile fast, FM128, 2 parties, trust 'ot', each extension: offline payload
 *    bytes per element (both parties added; base OTs kept from a first run, so without the
 *    one-time setup, which is reported apart), offline rounds, and the wall time of the offline
 *    phase with both parties in this one thread.
 * Each time is the median of R repetitions.
 */
import { seededEntropy } from '../src/mpc/prg/entropy';
import { baseOtReceive, baseOtSenderFinish, baseOtSenderStart } from '../src/mpc/offline/ot/base';
import { IknpReceiver, IknpSender } from '../src/mpc/offline/ot/iknp';
import { tccrHash } from '../src/mpc/prg/tccr';
import { OtStore, type OtExtension } from '../src/mpc/offline/otSetup';
import { SoftSpokenReceiver, SoftSpokenSender } from '../src/mpc/offline/ot/softSpoken';
import { runExpSession, type ExpJob } from '../src/mpc/session/expSession';
import { memoryNetwork } from '../src/mpc/io/memoryTransport';
import { linspace } from '../src/mpc/eval/metrics';
import { parseFlags } from './args';

const flags = parseFlags(process.argv.slice(2), { n: { kind: 'int' }, cots: { kind: 'int' }, reps: { kind: 'int' } }) as { n?: number; cots?: number; reps?: number };
const N = flags.n ?? 1000;
const COTS = flags.cots ?? 1 << 18;
const REPS = flags.reps ?? 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

// 1. base OTs
const senderMs: number[] = [], receiverMs: number[] = [];
let keysForIknp: { delta: Uint8Array; keys: Uint8Array; keys0: Uint8Array; keys1: Uint8Array } | null = null;
for (let r = 0; r < REPS + 1; r++) {
  const sRand = seededEntropy(10 + r), rRand = seededEntropy(100 + r);
  const delta = new Uint8Array(16);
  rRand(delta);
  let start!: ReturnType<typeof baseOtSenderStart>, recv!: ReturnType<typeof baseOtReceive>, fin!: ReturnType<typeof baseOtSenderFinish>;
  const ts = time(() => (start = baseOtSenderStart(sRand)));
  const tr = time(() => (recv = baseOtReceive(start.A, delta, rRand)));
  const tf = time(() => (fin = baseOtSenderFinish(start.a, start.A, recv.msg)));
  if (r > 0) {
    senderMs.push(ts + tf);
    receiverMs.push(tr);
  }
  keysForIknp = { delta, keys: recv.keys, ...fin };
}

// 2. IKNP
const k = keysForIknp!;
const sender = new IknpSender(k.delta, k.keys, 0, 0);
const receiver = new IknpReceiver(k.keys0, k.keys1, 0, 0, seededEntropy(7));
const extR: number[] = [], extS: number[] = [], hashS: number[] = [], hashR: number[] = [];
for (let r = 0; r < REPS + 1; r++) {
  let rr!: ReturnType<typeof receiver.extend>, ss!: ReturnType<typeof sender.extend>;
  const a = time(() => (rr = receiver.extend(COTS, null)));
  const b = time(() => (ss = sender.extend(COTS, rr.msg)));
  const h = new Uint8Array(16 * COTS);
  const c = time(() => {
    tccrHash(ss.q, ss.firstIndex, h);
    tccrHash(ss.q, ss.firstIndex, h); // the q ⊕ Δ hash costs the same
  });
  const d = time(() => tccrHash(rr.t, rr.firstIndex, h));
  if (r > 0) {
    extR.push(a);
    extS.push(b);
    hashS.push(c);
    hashR.push(d);
  }
}
const perSec = (ms: number) => Math.round((COTS / ms) * 1000);

// SoftSpokenOT extension, k = 4 and 8 (the first extension, which carries the GGM sums, not timed)
const ssRows: string[] = [];
for (const kk of [4, 7, 8]) {
  const ssS = new SoftSpokenSender(kk, k.delta, k.keys, 0, 0);
  const ssR = new SoftSpokenReceiver(kk, k.keys0, k.keys1, 0, 0, seededEntropy(8));
  ssS.extend(128, ssR.extend(128, null).msg);
  const er: number[] = [], es: number[] = [];
  for (let r = 0; r < REPS + 1; r++) {
    let rr!: ReturnType<typeof ssR.extend>;
    const choices = new Uint8Array(COTS / 8);
    const a = time(() => (rr = ssR.extend(COTS, choices)));
    const b = time(() => ssS.extend(COTS, rr.msg));
    if (r > 0) {
      er.push(a);
      es.push(b);
    }
  }
  const both = median(er) + median(es);
  ssRows.push(`| SoftSpokenOT k = ${kk}: receiver ${median(er).toFixed(1)} ms, sender ${median(es).toFixed(1)} ms | ${both.toFixed(1)} | ${perSec(both)} | ${Math.ceil(128 / kk) / 8} B |`);
}

// 3. exp offline bytes per element
async function expRun(method: ExpJob['method'], stores: OtStore[], n: number, otExtension: OtExtension) {
  const job: ExpJob = { method, field: 'FM128', profile: 'fast', n, inputParty: 0, trust: 'ot', otExtension };
  const xs = linspace(-2, 1, n);
  const mem = memoryNetwork(2);
  const t0 = performance.now();
  const runs = await Promise.all(mem.transports.map((t) => runExpSession(t, job, t.self === 0 ? xs : null, { entropy: seededEntropy(t.self + n), otStore: stores[t.self]! })));
  const ms = performance.now() - t0;
  return { runs, ms };
}

const rows: string[] = [];
for (const ext of ['iknp', 'softspoken4', 'softspoken7', 'softspoken8'] as const) {
  const stores = [new OtStore(), new OtStore()];
  const first = await expRun('prime', stores, 8, ext); // makes the base OTs, kept in the stores
  const setupOf = (r: (typeof first.runs)[number]) => r.graph.filter((g) => g.name.startsWith('setup_')).reduce((s, g) => s + g.payloadBytesSent, 0);
  const setupBytes = setupOf(first.runs[0]!) + setupOf(first.runs[1]!);
  for (const method of ['prime', 'pade', 'taylor'] as const) {
    const n = method === 'pade' ? Math.max(1, Math.floor(N / 4)) : N;
    const { runs } = await expRun(method, stores, n, ext);
    const off = runs[0]!.offline.payloadBytesSent + runs[1]!.offline.payloadBytesSent;
    const online = runs[0]!.total.online.payloadBytesSent + runs[1]!.total.online.payloadBytesSent;
    const pre = Math.max(runs[0]!.phasesMs.preprocess, runs[1]!.phasesMs.preprocess);
    rows.push(
      `| ${ext} | ${method} | ${n} | ${(off / n / 1000).toFixed(2)} KB | ${runs[0]!.offline.rounds} | ${(online / n).toFixed(0)} B | ${(pre / 1000).toFixed(2)} s (${Math.round(n / (pre / 1000))} el/s) | ${(setupBytes / 1000).toFixed(1)} KB |`,
    );
  }
}

console.log(`# Dealer-free preprocessing, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}

Command: \`npx tsx bench/otBench.ts --n ${N} --cots ${COTS} --reps ${REPS}\` (medians of ${REPS}).

## Base OTs (128 Simplest OTs over ristretto255, @noble/curves)

| role | CPU ms per 128 OTs |
|---|---|
| sender (A = a·G; 128 × a·B_i and 2 key hashes) | ${median(senderMs).toFixed(0)} |
| receiver (128 × b_i·G + b_i·A with a window table for A) | ${median(receiverMs).toFixed(0)} |
| **one pair, both directions, per party** (sender + receiver) | **${(median(senderMs) + median(receiverMs)).toFixed(0)}** |

Bytes per pair: 2 × (32 + 128·32) = 8256 B of base OT, plus 2 × 84 B of hello (key agreement, tags, run numbers).

## IKNP random COT, ${COTS} COTs per extension, one direction

| step | ms | COT/s |
|---|---|---|
| receiver extend (2 PRG rows per base OT, u, transpose) | ${median(extR).toFixed(1)} | ${perSec(median(extR))} |
| sender extend (1 PRG row, q, transpose) | ${median(extS).toFixed(1)} | ${perSec(median(extS))} |
| **COT extension, both parties' CPU** | **${(median(extR) + median(extS)).toFixed(1)}** | **${perSec(median(extR) + median(extS))}** |
${ssRows.map((r) => r.replace(/ \| [0-9.]+ B \|$/, ' |')).join('\n')}
| TCCR hashes for random OTs: sender 2 | ${median(hashS).toFixed(1)} | ${perSec(median(hashS))} |
| TCCR hashes for random OTs: receiver 1 | ${median(hashR).toFixed(1)} | ${perSec(median(hashR))} |
| **random OT, both parties' CPU** | **${(median(extR) + median(extS) + median(hashS) + median(hashR)).toFixed(1)}** | **${perSec(median(extR) + median(extS) + median(hashS) + median(hashR))}** |

Wire, receiver → sender: IKNP 16 B per COT (the u matrix); SoftSpokenOT ⌈128/k⌉ bits per COT
(32 for k = 4, 19 for k = 7, 16 for k = 8), plus 2·128·16 B = 4 KiB of GGM level sums once per run.

## exp, profile fast, FM128, 2 parties, trust 'ot'

Offline bytes: payload of both parties added, base OTs kept from an earlier run (the one-time
setup of the last column is apart). Online bytes: both parties, exp and the opening: the same as trust tfp.
Offline time: both parties in one Node thread, the dry-run plan included.

| extension | method | n | offline bytes per element | offline rounds | online bytes per element | offline time | one-time setup (key agreement + base OTs, both parties) |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`);
