/**
 * Benchmark, not a check (`npm run bench:channel`): the channel between two tabs against what the
 * app makes of it, in one run (issue 16, item 3). Prints, each as median [min–max]:
 *
 * 1. the first bulk round of a fresh connection, both ways at once (32 MiB each way through the
 *    app's link), under each send window compared, interleaved on fresh rooms, with the packets
 *    Chromium discarded on send meanwhile (the fresh-connection stall);
 * 2. a 32 KiB frame's round trip, back to back and after 30 ms idle: a raw RTCDataChannel (one
 *    message, and 8 messages), and the app's path (FrameChannels + PortTransport), interleaved on
 *    the same peer connection in one worker (src/workers/channelProbe.worker.ts);
 * 3. exp prime (fast, trusted first party) of 1,000 values between the two tabs' party workers:
 *    the exp's time under each send window, interleaved;
 * 4. exp prime of 10^5 values against the model max(compute of either party) + bytes / the
 *    both-ways throughput measured just before in the same room, each window interleaved;
 * 5. exp prime of 10^6 values on a fresh room, round by round as each tab's worker recorded it
 *    and the two tabs' rounds on one clock: where the time goes (BENCHMARKS.md, "#16 the send window").
 *
 * TABMPC_CHANNEL_BENCH_PARTS (default 1,2,3,4) picks the parts; TABMPC_CHANNEL_BENCH_REPS (default
 * 3) the repetitions; TABMPC_CHANNEL_BENCH_WINDOWS the send windows of parts 1, 3, 4 (WINDOWS
 * below), TABMPC_CHANNEL_BENCH_BIG_WINDOWS and TABMPC_CHANNEL_BENCH_BIG_REPS those of part 5.
 */
import { loadavg } from 'node:os';
import { expect, test, type Browser } from '@playwright/test';
import type { LinkOptions } from '../../src/link/link';
import { createRoom, hook, openParty, recordPeerConnections, waitForHooks, type Party } from '../../e2e/helpers';
import { configure, connectAll, startAndFinish } from '../../e2e/runs';

const KiB = 1024;
const MiB = 1024 * KiB;
const REPS = Number(process.env['TABMPC_CHANNEL_BENCH_REPS'] ?? 3);
/** Which parts to run (TABMPC_CHANNEL_BENCH_PARTS, e.g. "2,3"; default all). */
const PARTS = new Set((process.env['TABMPC_CHANNEL_BENCH_PARTS'] ?? '1,2,3,4').split(',').map(Number));

/** The link as it was before this work (main at 16f0c10): 256 KiB window for 16 MiB, then 4 MiB / 1 MiB; 128 KiB chunks. */
const OLD_LINK: Partial<LinkOptions> = {
  chunkPayload: 128 * KiB,
  warmupHighWater: 256 * KiB,
  warmupLowWater: 128 * KiB,
  warmupBytes: 16 * MiB,
  highWater: 4 * MiB,
  lowWater: MiB,
  keepWarmMs: 0,
  flushBeforeFrame: false,
};
const NEW_LINK: Partial<LinkOptions> = {};
/**
 * Send windows compared in parts 1, 3, 4 and 5 (sendWindow.ts), each over the frames channels'
 * other options (keep-warm on): TABMPC_CHANNEL_BENCH_WINDOWS picks them by name (default
 * "old,small,grow16,steps"). "small": 64 KiB / 16 KiB from the first byte, as main at 5811700;
 * "default": whatever the checkout's FRAMES_CHANNEL_OPTIONS say (the branch: grow16 and
 * flushBeforeFrame); the others take flushBeforeFrame from there too.
 */
const WINDOWS: Record<string, Partial<LinkOptions>> = {
  old: OLD_LINK,
  small: { warmupBytes: 0, windowSteps: [], highWater: 64 * KiB, lowWater: 16 * KiB, flushBeforeFrame: false },
  default: {},
  grow4: { warmupHighWater: 64 * KiB, warmupLowWater: 16 * KiB, warmupBytes: 4 * MiB, windowSteps: [], highWater: 4 * MiB, lowWater: MiB },
  grow16: { warmupHighWater: 64 * KiB, warmupLowWater: 16 * KiB, warmupBytes: 16 * MiB, windowSteps: [], highWater: 4 * MiB, lowWater: MiB },
  steps: {
    warmupHighWater: 64 * KiB,
    warmupLowWater: 16 * KiB,
    windowSteps: [
      { fromBytes: 2 * MiB, high: 256 * KiB, low: 64 * KiB },
      { fromBytes: 4 * MiB, high: MiB, low: 256 * KiB },
    ],
    warmupBytes: 8 * MiB,
    highWater: 4 * MiB,
    lowWater: MiB,
  },
  wide: { warmupBytes: 0, windowSteps: [], highWater: 4 * MiB, lowWater: MiB },
  // 12 MiB + a chunk stays under the 16 MiB at which Chromium's send() throws; low under controlLimit (8 MiB)
  big4: { warmupHighWater: 64 * KiB, warmupLowWater: 16 * KiB, warmupBytes: 4 * MiB, windowSteps: [], highWater: 12 * MiB, lowWater: 4 * MiB },
};
const pick = (names: string): [string, Partial<LinkOptions>][] =>
  names.split(',').map((n) => {
    const link = WINDOWS[n];
    if (!link) throw new Error(`no send window "${n}"; known: ${Object.keys(WINDOWS).join(', ')}`);
    return [n, link];
  });
const WINDOW_VARIANTS = pick(process.env['TABMPC_CHANNEL_BENCH_WINDOWS'] ?? 'old,small,grow16,steps');
/** Part 5 (exp prime of 10^6 values, per round): TABMPC_CHANNEL_BENCH_BIG_WINDOWS, default "default". */
const BIG_VARIANTS = pick(process.env['TABMPC_CHANNEL_BENCH_BIG_WINDOWS'] ?? 'default');
/** Part 5's repetitions (each a fresh room): TABMPC_CHANNEL_BENCH_BIG_REPS, default 1. */
const BIG_REPS = Number(process.env['TABMPC_CHANNEL_BENCH_BIG_REPS'] ?? 1);

/** A room of two tabs whose peer connections are recorded, with the party workers' link options `link`. */
async function room(browser: Browser, link: Partial<LinkOptions>): Promise<[Party, Party]> {
  const q = `link=${encodeURIComponent(JSON.stringify(link))}`;
  const { creator: a, link: invite } = await createRoom(browser, 2, recordPeerConnections, `?${q}`);
  const b = await openParty(browser, `${invite}&${q}`, recordPeerConnections);
  await connectAll([a, b]);
  for (const p of [a, b]) await waitForHooks(p);
  return [a, b];
}

/** The probe worker's channels in both tabs: raw, and the app's link under each of `links`. */
async function attachProbes(a: Party, b: Party, links: Record<string, Partial<LinkOptions>>): Promise<void> {
  await Promise.all([hook(a, 'probeAttach', 1, 1010, links), hook(b, 'probeAttach', 0, 1010, links)]);
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
const fmt = (xs: number[], digits = 1): string => `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;
const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

let session = 5000;

/**
 * Packets Chromium's P2P socket discarded on send, over this tab's peer connections so far
 * (candidate pairs' packetsDiscardedOnSend in getStats): how the fresh-connection stall shows
 * (limits.md §1.5), whatever the load does to throughput.
 */
async function discards(p: Party): Promise<number> {
  return p.page.evaluate(async () => {
    const pcs = (window as unknown as { __e2ePeerConnections?: RTCPeerConnection[] }).__e2ePeerConnections ?? [];
    let n = 0;
    for (const pc of pcs) {
      (await pc.getStats()).forEach((s: { type: string; packetsDiscardedOnSend?: number }) => {
        if (s.type === 'candidate-pair') n += s.packetsDiscardedOnSend ?? 0;
      });
    }
    return n;
  });
}

/** Both ways at once, `bytes` each way: MB/s of each direction (as its receiver saw it). */
async function bulk(a: Party, b: Party, kind: string, bytes: number): Promise<[number, number]> {
  const s = session++;
  const [ra, rb] = await Promise.all([hook(a, 'probeBulk', kind, s, bytes, 64 * KiB), hook(b, 'probeBulk', kind, s, bytes, 64 * KiB)]);
  return [mbps(bytes, ra.ms), mbps(bytes, rb.ms)];
}

/** Round trips of `bytes` from a to b and back, `repeats` times, `gapMs` apart. */
async function rtts(a: Party, b: Party, kind: string, bytes: number, repeats: number, gapMs: number, split = 1): Promise<number[]> {
  const s = session++;
  const [, got] = await Promise.all([hook(b, 'probeEcho', kind, s, repeats, bytes), hook(a, 'probeRtts', kind, s, bytes, repeats, gapMs, split)]);
  return got;
}

interface RunFigures {
  expMs: number;
  /** The exp's time minus the time its rounds waited for the peer's frame. */
  computeMs: number;
  /** Frame bytes this party sent in the exp (payload and frame headers). */
  bytesSent: number;
  rounds: number;
}

/** The last run's figures as this tab's stores hold them. */
async function runFigures(p: Party): Promise<RunFigures> {
  const stores = JSON.parse(await hook(p, 'stores')) as {
    run: { summary: { expMs: number; exp: { rounds: number; frameBytesSent: number } }; progress: { rounds: { sentAt: number; doneAt: number }[] } };
  };
  const { summary, progress } = stores.run;
  // the exp's rounds; the last one opens the result
  const expRounds = progress.rounds.slice(0, summary.exp.rounds);
  const waitMs = expRounds.reduce((n, r) => n + (r.doneAt - r.sentAt), 0);
  return { expMs: summary.expMs, computeMs: summary.expMs - waitMs, bytesSent: summary.exp.frameBytesSent, rounds: summary.exp.rounds };
}

test('the channel between two tabs against what the app makes of it', async ({ browser }) => {
  test.setTimeout(900_000);
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`[channel] load average at start: ${load()}`);

  // 1. fresh connections: the first bulk round, both ways at once
  if (PARTS.has(1)) await freshRounds(browser);
  if (PARTS.has(2)) await roundTrips(browser);
  if (PARTS.has(3) || PARTS.has(4)) await expRuns(browser);
  if (PARTS.has(5)) await bigBreakdown(browser);
  console.log(`[channel] load average at end: ${load()}`);
});

async function freshRounds(browser: Browser): Promise<void> {
  const first: Record<string, number[]> = {};
  const dropsOf: Record<string, number[]> = {};
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, link] of WINDOW_VARIANTS) {
      const [a, b] = await room(browser, link);
      await attachProbes(a, b, { app: link });
      const before = await Promise.all([a, b].map(discards));
      const [ab, ba] = await bulk(a, b, 'app', 32 * MiB);
      const dropped = (await Promise.all([a, b].map(discards))).map((x, i) => x - before[i]!);
      (first[name] ??= []).push(Math.min(ab, ba));
      (dropsOf[name] ??= []).push(dropped[0]! + dropped[1]!);
      console.log(`[channel] fresh connection ${name} rep ${rep + 1}: first 32 MiB round both ways, MB/s each way ${ab.toFixed(1)} / ${ba.toFixed(1)}; packets discarded on send ${dropped.join(' / ')}`);
      for (const p of [a, b]) await p.context.close();
    }
  }
  for (const [name] of WINDOW_VARIANTS) console.log(`[channel] first bulk round of a fresh connection, slower direction, ${name}: ${fmt(first[name]!)} MB/s; packets discarded on send (both tabs) ${fmt(dropsOf[name]!, 0)}`);
}

async function roundTrips(browser: Browser): Promise<void> {
  // 2. a 32 KiB frame's round trip, raw against the app's path, in one room with the new options
  const [a, b] = await room(browser, NEW_LINK);
  // 'app-big': chunks of the largest message Chromium takes (262144 B), against the link's 128 KiB
  await attachProbes(a, b, { app: NEW_LINK, 'app-cold': { keepWarmMs: 0 }, 'app-old': OLD_LINK, 'app-big': { chunkPayload: 256 * KiB - 24 } });
  const kinds = [
    ['raw, one message', 'raw', 1],
    ['raw, 8 messages', 'raw', 8],
    ['app', 'app', 1],
    ['app without keep-warm', 'app-cold', 1],
    ['app, old options', 'app-old', 1],
  ] as const;
  for (const gapMs of [0, 30]) {
    const got: Record<string, number[]> = {};
    for (let rep = 0; rep < REPS; rep++) {
      for (const [label, kind, split] of kinds) {
        const r = await rtts(a, b, kind, 32 * KiB, 15, gapMs, split);
        (got[label] ??= []).push(median(r));
        // its keep-warm runs on for 2 s and warms the whole association: let it stop first
        if (kind === 'app') await a.page.waitForTimeout(2200);
      }
    }
    const line = kinds.map(([label]) => `${label} ${fmt(got[label]!, 2)}`).join('; ');
    const ratio = median(got['app']!) / median(got['raw, one message']!);
    console.log(`[channel] 32 KiB frame RTT ms, ${gapMs} ms idle before each (medians of 15, ${REPS} interleaved reps): ${line}; app / raw ${ratio.toFixed(2)}`);
  }
  // the channel's throughput both ways at once, warm, raw and app (for the model of part 4)
  const warm: Record<string, number[]> = { raw: [], app: [], 'app-big': [], 'app-old': [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const kind of Object.keys(warm)) warm[kind]!.push(...(await bulk(a, b, kind, 16 * MiB)));
  }
  console.log(`[channel] warm, 16 MiB both ways at once, MB/s each way: ${Object.entries(warm).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  for (const p of [a, b]) await p.context.close();
}

async function expRuns(browser: Browser): Promise<void> {
  // 3. exp prime of 1,000 values, old link options and new, interleaved
  const exp1k: Record<string, number[]> = {};
  const rooms = new Map<string, [Party, Party]>();
  for (const [name, link] of WINDOW_VARIANTS) {
    exp1k[name] = [];
    const r = await room(browser, link);
    await configure(r[0].page, { method: 'prime', profile: 'fast', n: 1000, lo: -11, hi: 40, trust: 'tfp' });
    await startAndFinish(r[0], r); // warm-up
    rooms.set(name, r);
  }
  for (let rep = 0; rep < (PARTS.has(3) ? 5 : 0); rep++) {
    for (const name of rooms.keys()) {
      const r = rooms.get(name)!;
      await startAndFinish(r[0], r);
      await expect(r[0].page.getByTestId('result-check')).toHaveClass(/ok/);
      const f = await Promise.all(r.map(runFigures));
      exp1k[name]!.push(Math.max(f[0]!.expMs, f[1]!.expMs));
      console.log(`[channel] exp prime n=1000 ${name} rep ${rep + 1}: exp ${f.map((x) => x.expMs.toFixed(1)).join(' / ')} ms, compute ${f.map((x) => x.computeMs.toFixed(1)).join(' / ')} ms, ${f[0]!.rounds} rounds`);
    }
  }
  if (PARTS.has(3)) for (const name of rooms.keys()) console.log(`[channel] exp prime n=1000, the slower tab's exp time, ${name}: ${fmt(exp1k[name]!)} ms`);
  if (PARTS.has(4)) await bigRuns(rooms);
  for (const r of rooms.values()) for (const p of r) await p.context.close();
}

async function bigRuns(rooms: Map<string, [Party, Party]>): Promise<void> {
  // 4. exp prime of 10^5 values against compute + bytes / throughput, the windows interleaved
  const names = [...rooms.keys()];
  for (const name of names) {
    const [c, d] = rooms.get(name)!;
    await configure(c.page, { method: 'prime', profile: 'fast', n: 100_000, lo: -11, hi: 40, trust: 'tfp' });
    await startAndFinish(c, [c, d], 120_000); // warm-up: the room's first big run
    const f = await Promise.all([c, d].map(runFigures));
    console.log(`[channel] exp prime n=1e5 ${name}, the room's first (warm-up): exp ${Math.max(f[0]!.expMs, f[1]!.expMs).toFixed(0)} ms; compute ${f.map((x) => x.computeMs.toFixed(0)).join(' / ')} ms`);
    await attachProbes(c, d, { app: NEW_LINK });
  }
  const ratios: Record<string, number[]> = {};
  const times: Record<string, number[]> = {};
  for (let rep = 0; rep < REPS; rep++) {
    for (const name of names) {
      const [c, d] = rooms.get(name)!;
      const tp = Math.min(...(await bulk(c, d, 'raw', 16 * MiB)));
      await startAndFinish(c, [c, d], 120_000);
      const f = await Promise.all([c, d].map(runFigures));
      const expMs = Math.max(f[0]!.expMs, f[1]!.expMs);
      const bytes = Math.max(f[0]!.bytesSent, f[1]!.bytesSent);
      const model = Math.max(f[0]!.computeMs, f[1]!.computeMs) + (bytes / 1e6 / tp) * 1000;
      (ratios[name] ??= []).push(expMs / model);
      (times[name] ??= []).push(expMs);
      console.log(
        `[channel] exp prime n=1e5 ${name} rep ${rep + 1}: exp ${expMs.toFixed(0)} ms; compute ${f.map((x) => x.computeMs.toFixed(0)).join(' / ')} ms; ` +
          `${(bytes / 1e6).toFixed(2)} MB each way at ${tp.toFixed(1)} MB/s (raw, both ways, just before) → model ${model.toFixed(0)} ms; exp / model ${(expMs / model).toFixed(2)}`,
      );
    }
  }
  for (const name of names) console.log(`[channel] exp prime n=1e5 ${name}: exp ${fmt(times[name]!, 0)} ms; exp / (compute + bytes / throughput) ${fmt(ratios[name]!, 2)}`);
}

interface RoundRow {
  phase: string;
  round: number;
  payloadBytesSent: number[];
  sentAt: number;
  doneAt: number;
  computeMs: number;
}

interface BigStores {
  run: {
    summary: {
      expMs: number;
      totalMs: number;
      exp: { rounds: number; frameBytesSent: number };
      offline: { rounds: number; frameBytesSent: number };
      phasesMs: Record<string, number>;
      breathing: { restedMs: number; restedForPageMs: number } | null;
    };
    progress: {
      rounds: RoundRow[];
      channels: { peers: number[]; keepWarmBytesSent: number[]; wire: unknown } | null;
    };
  };
}

/**
 * 5. exp prime of 10^6 values on a fresh room: where each round's time goes, as each tab's worker
 * recorded it (computeMs: since the previous round was done; wait: from its frames leaving to the
 * peer's last arriving), against the channel's warm both-ways throughput measured in the same room
 * right after. TABMPC_CHANNEL_BENCH_TRACE=<file> also records a Chromium trace of the run
 * (devtools.timeline and v8: tasks and GC of every thread).
 */
async function bigBreakdown(browser: Browser): Promise<void> {
  const n = 1_000_000;
  for (let rep = 0; rep < BIG_REPS; rep++) {
    for (const [name, link] of BIG_VARIANTS) {
      const [a, b] = await room(browser, link);
      await configure(a.page, { method: 'prime', profile: 'fast', n, lo: -11, hi: 40, trust: 'tfp' });
      const trace = process.env['TABMPC_CHANNEL_BENCH_TRACE'];
      if (trace) await browser.startTracing(undefined, { path: `${trace}.${name}.${rep}.json`, categories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.gc'] });
      const before = await Promise.all([a, b].map(discards));
      const t0 = Date.now();
      const failed = await runToEnd(a, [a, b], 600_000);
      const wallMs = Date.now() - t0;
      if (trace) await browser.stopTracing();
      if (failed) {
        // say so and go on with the other windows: one run's fault is a finding, not the end of the comparison
        const said = await Promise.all([a, b].map((p) => p.page.getByTestId('run-panel').innerText().then((t) => /Aborted\n(.*)/.exec(t)?.[1] ?? '(no reason shown)')));
        console.log(`[channel] exp prime n=1e6 ${name} rep ${rep + 1} FAILED after ${wallMs} ms: ${said.join(' | ')}`);
        for (const p of [a, b]) await p.context.close();
        continue;
      }
      await expect(a.page.getByTestId('result-check')).toHaveClass(/ok/);
      const dropped = (await Promise.all([a, b].map(discards))).map((x, i) => x - before[i]!);
      const st = await Promise.all([a, b].map(async (p) => (JSON.parse(await hook(p, 'stores')) as BigStores).run));
      await attachProbes(a, b, { app: NEW_LINK });
      const tps = await bulk(a, b, 'raw', 16 * MiB);
      const tp = Math.min(...tps);
      console.log(`[channel] exp prime n=1e6 ${name} rep ${rep + 1} (load ${loadavg()[0]!.toFixed(1)}): wall ${wallMs} ms from click to both done; packets discarded on send ${dropped.join(' / ')}; raw both ways right after ${tps.map((x) => x.toFixed(1)).join(' / ')} MB/s`);
      for (const [i, r] of st.entries()) {
        const s = r.summary;
        console.log(
          `[channel]   tab ${i}: exp ${s.expMs.toFixed(0)} ms, total ${s.totalMs.toFixed(0)} ms, phases ${JSON.stringify(Object.fromEntries(Object.entries(s.phasesMs).map(([k, v]) => [k, Math.round(v)])))}; ` +
            `exp ${s.exp.rounds} rounds ${(s.exp.frameBytesSent / 1e6).toFixed(2)} MB sent; offline ${s.offline.rounds} rounds ${(s.offline.frameBytesSent / 1e6).toFixed(2)} MB sent; ` +
            `rested ${s.breathing ? `${s.breathing.restedMs.toFixed(0)} ms (for the page ${s.breathing.restedForPageMs.toFixed(0)})` : 'never'}; ` +
            `worker channels to ${JSON.stringify(r.progress.channels?.peers)}, keep-warm bytes sent ${JSON.stringify(r.progress.channels?.keepWarmBytesSent)}`,
        );
      }
      const [ra, rb] = st.map((r) => r.progress.rounds) as [RoundRow[], RoundRow[]];
      for (const line of timeline(ra, rb, tp)) console.log(`[channel]   ${line}`);
      // each tab's records as they are, for other views
      for (const [i, r] of st.entries()) console.log(`[channel-json] ${JSON.stringify({ name, rep, tab: i, tp, rounds: r.progress.rounds.map(({ phase, round, payloadBytesSent, sentAt, doneAt, computeMs }) => ({ phase, round, payloadBytesSent, sentAt, doneAt, computeMs })) })}`);
      for (const p of [a, b]) await p.context.close();
    }
  }
}

/**
 * The two tabs' rounds on one clock. Each worker records on its own clock; the offset o (b's clock
 * minus a's) is bounded by causality in every round, b's frame leaves b before a has it all
 * (o ≥ b.sentAt − a.doneAt) and a's likewise (o ≤ b.doneAt − a.sentAt), and taken in the middle
 * of the tightest bounds. Then each round's time on the critical path splits into the later
 * party's computing (from the previous round done at both to both frames sent) and the crossing
 * (from both sent to both done), against bytes / the raw channel's both-ways throughput.
 */
function timeline(ra: RoundRow[], rb: RoundRow[], tpMBps: number): string[] {
  const k = Math.min(ra.length, rb.length);
  let lo = -Infinity;
  let hi = Infinity;
  for (let i = 0; i < k; i++) {
    lo = Math.max(lo, rb[i]!.sentAt - ra[i]!.doneAt);
    hi = Math.min(hi, rb[i]!.doneAt - ra[i]!.sentAt);
  }
  const o = (lo + hi) / 2;
  const start = Math.min(ra[0]!.sentAt - ra[0]!.computeMs, rb[0]!.sentAt - rb[0]!.computeMs - o);
  const out = [`clock offset between the tabs' workers within [${lo.toFixed(0)}, ${hi.toFixed(0)}] ms, taken ${o.toFixed(0)}; ms from the exp's start:`];
  let prevEnd = 0;
  let computing = 0;
  let crossing = 0;
  let model = 0;
  for (let i = 0; i < k; i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    const mb = Math.max(x.payloadBytesSent.reduce((m, v) => m + v, 0), y.payloadBytesSent.reduce((m, v) => m + v, 0)) / 1e6;
    const [as, ad, bs, bd] = [x.sentAt - start, x.doneAt - start, y.sentAt - o - start, y.doneAt - o - start];
    const sent = Math.max(as, bs);
    const end = Math.max(ad, bd);
    const raw = (mb / tpMBps) * 1000;
    computing += sent - prevEnd;
    crossing += end - sent;
    model += raw;
    out.push(
      `round ${x.phase} ${x.round}, ${mb.toFixed(2)} MB each way: sent ${as.toFixed(0)} / ${bs.toFixed(0)}, done ${ad.toFixed(0)} / ${bd.toFixed(0)}; ` +
        `the later computing ${(sent - prevEnd).toFixed(0)} ms, crossing ${(end - sent).toFixed(0)} ms (bytes / raw ${raw.toFixed(0)} ms)` +
        (mb >= 1 ? `; a→b ${(mb / ((bd - as) / 1000)).toFixed(1)} MB/s, b→a ${(mb / ((ad - bs) / 1000)).toFixed(1)} MB/s from leaving to all in` : ''),
    );
    prevEnd = end;
  }
  out.push(`critical path: computing ${computing.toFixed(0)} ms + crossing ${crossing.toFixed(0)} ms = ${(computing + crossing).toFixed(0)} ms; bytes / raw ${model.toFixed(0)} ms`);
  return out;
}

/** Start a run from `proposer` and wait until every tab shows it done (null) or one shows an error (its phase). */
async function runToEnd(proposer: Party, all: Party[], timeoutMs: number): Promise<string | null> {
  await proposer.page.getByTestId('start-run').click();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const phases = await Promise.all(all.map((p) => p.page.getByTestId('run-panel').getAttribute('data-run-phase')));
    if (phases.every((x) => x === 'done')) return null;
    if (phases.includes('error') || Date.now() > until) return phases.join(' / ');
    await proposer.page.waitForTimeout(250);
  }
}
