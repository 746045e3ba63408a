/**
 * Benchmark, not a check (`npm run bench:channel`): the channel between two tabs against what the
 * app makes of it, in one run (issue 16, item 3). Prints, each as median [min–max]:
 *
 * 1. the first bulk round of a fresh connection, both ways at once (32 MiB each way through the
 *    app's link), with the old link options and the new, interleaved on fresh rooms;
 * 2. a 32 KiB frame's round trip, back to back and after 30 ms idle: a raw RTCDataChannel (one
 *    message, and 8 messages), and the app's path (FrameChannels + PortTransport), interleaved on
 *    the same peer connection in one worker (src/workers/channelProbe.worker.ts);
 * 3. exp prime (fast, trusted first party) of 1,000 values between the two tabs' party workers:
 *    the exp's time, old link options and new, interleaved;
 * 4. exp prime of 10^5 values against the model max(compute of either party) + bytes / the
 *    both-ways throughput measured just before in the same room.
 *
 * TABMPC_CHANNEL_BENCH_REPS (default 3) sets the repetitions. Old options: OLD_LINK below (main at
 * 16f0c10); new: the branch's defaults (link.ts).
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
};
const NEW_LINK: Partial<LinkOptions> = {};
const VARIANTS = [
  ['old', OLD_LINK],
  ['new', NEW_LINK],
] as const;
/** For the exp runs also the new window without keep-warm, to tell the two apart. */
const EXP_VARIANTS = [
  ['old', OLD_LINK],
  ['new window, no keep-warm', { keepWarmMs: 0 }],
  ['new', NEW_LINK],
] as const;

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
  console.log(`[channel] load average at end: ${load()}`);
});

async function freshRounds(browser: Browser): Promise<void> {
  const first: Record<string, number[]> = { old: [], new: [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, link] of VARIANTS) {
      const [a, b] = await room(browser, link);
      await attachProbes(a, b, { app: link });
      const [ab, ba] = await bulk(a, b, 'app', 32 * MiB);
      first[name]!.push(Math.min(ab, ba));
      console.log(`[channel] fresh connection ${name} rep ${rep + 1}: first 32 MiB round both ways, MB/s each way ${ab.toFixed(1)} / ${ba.toFixed(1)}`);
      for (const p of [a, b]) await p.context.close();
    }
  }
  for (const [name] of VARIANTS) console.log(`[channel] first bulk round of a fresh connection, slower direction, ${name}: ${fmt(first[name]!)} MB/s`);
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
  for (const [name, link] of PARTS.has(3) ? EXP_VARIANTS : VARIANTS) {
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
  // 4. exp prime of 10^5 values against compute + bytes / throughput, old and new options interleaved
  const names = ['old', 'new'].filter((n) => rooms.has(n));
  for (const name of names) {
    const [c, d] = rooms.get(name)!;
    await configure(c.page, { method: 'prime', profile: 'fast', n: 100_000, lo: -11, hi: 40, trust: 'tfp' });
    await startAndFinish(c, [c, d], 120_000); // warm-up
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
