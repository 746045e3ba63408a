/**
 * The signaling server under load and attack (the driver of signaling/load.test.ts, run longer):
 *   npx tsx bench/signalingLoad.ts [--seconds 20] [--clients 300] [--churners 100] [--slow 4] [--flooders 4] [--seed 1] [--json] [-- server flags]
 * The server runs in a child process with its default limits (plus any flags after `--`); the
 * figures are the driver's (connections held, signals delivered, the good room's relay latency)
 * and the server's resident memory from /proc before, at peak and after.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runLoad, spawnServer } from '../signaling/loadDriver';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      seconds: { type: 'string', default: '20' },
      clients: { type: 'string', default: '300' },
      churners: { type: 'string', default: '100' },
      slow: { type: 'string', default: '4' },
      flooders: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const num = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
    return n;
  };
  const server = await spawnServer(positionals);
  try {
    await new Promise((ok) => setTimeout(ok, 500)); // let the server settle after start-up
    const rssBefore = server.rssMiB();
    let rssPeak = rssBefore;
    const r = await runLoad(server.url, {
      seconds: num('seconds', values.seconds),
      clients: num('clients', values.clients),
      churners: num('churners', values.churners),
      slowReaders: num('slow', values.slow),
      flooders: num('flooders', values.flooders),
      seed: num('seed', values.seed),
      sample: () => {
        if (server.alive()) rssPeak = Math.max(rssPeak, server.rssMiB());
      },
    });
    const alive = server.alive();
    const rssAfter = alive ? server.rssMiB() : Number.NaN;
    const report = {
      node: process.version,
      cores: cpus().length,
      serverAlive: alive,
      seconds: Number(r.seconds.toFixed(1)),
      peakOpenSockets: r.peakOpenSockets,
      relayed: r.relayed,
      relayedPerSecond: Math.round(r.relayedPerSecond),
      goodRoom: { sent: r.good.sent, received: r.good.received, faults: r.good.faults.length, p50Ms: r.good.p50Ms, p99Ms: r.good.p99Ms, maxMs: r.good.maxMs },
      driverLagP99Ms: r.driverLagP99Ms,
      loadAverage: loadavg()[0],
      churnCycles: r.churnCycles,
      slowCuts: r.slowCuts,
      rateReplies: r.rateReplies,
      rateCloses: r.rateCloses,
      churnFaults: r.churnFaults.length,
      rssMiB: { before: rssBefore, peak: rssPeak, after: rssAfter },
    };
    if (values.json) {
      console.log(JSON.stringify(report));
    } else {
      const f = (x: number): string => x.toFixed(1);
      console.log(`node ${report.node}, ${report.cores} cores; server ${alive ? 'alive' : 'DEAD'} after ${report.seconds} s`);
      console.log(`connections held (peak, driver sockets)  ${report.peakOpenSockets}`);
      console.log(`signals relayed                          ${report.relayed} (${report.relayedPerSecond}/s)`);
      console.log(`good room                                ${r.good.received}/${r.good.sent} delivered intact, ${r.good.faults.length} faults`);
      console.log(`good room relay latency                  p50 ${f(r.good.p50Ms)} ms, p99 ${f(r.good.p99Ms)} ms, max ${f(r.good.maxMs)} ms`);
      console.log(`driver's own event-loop delay            p99 ${f(r.driverLagP99Ms)} ms (machine load average ${f(loadavg()[0] ?? 0)})`);
      console.log(`churn cycles                             ${r.churnCycles}`);
      console.log(`slow readers cut off                     ${r.slowCuts}`);
      console.log(`rate-limit replies / closes              ${r.rateReplies} / ${r.rateCloses}`);
      console.log(`server RSS MiB (before, peak, after)     ${f(rssBefore)}, ${f(rssPeak)}, ${f(rssAfter)}`);
    }
    if (!alive || r.good.received !== r.good.sent || r.good.faults.length > 0) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`signalingLoad: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
