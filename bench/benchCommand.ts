/**
 * `tabmpc bench --net <preset>`: exp by each method in process with the network emulated on
 * every party's outgoing frames, next to the estimate that the browser's time should match:
 * compute time (the same run without emulation) plus, for every round, the one-way latency and
 * the serialisation of the largest frame of that round.
 */
import { EXP_METHODS, expDomain, expMethodProblem, type ExpMethod } from '../src/mpc/approx/exp';
import { TAYLOR_DEFAULT_ITERATIONS } from '../src/mpc/approx/exp/taylor';
import { linspace } from '../src/mpc/eval/metrics';
import { estimateRunMs, NET_PRESET_NAMES, netPreset, type NetPresetName } from '../src/mpc/io/netem';
import { profileOf, type ProfileName } from '../src/mpc/protocols/semi2k/profile';
import { defaultFractionBits, type Field } from '../src/mpc/ring';
import { runExpInProcess } from '../src/mpc/session/expRun';
import { markdownTable } from './args';
import { parseExpFlags, trustOf, TRUST_FLAGS, type TrustSettings } from './expFlags';
import { measurePeakMemory } from './peakMemory';
import { mulOpenCommand } from './mulOpenCommand';
import { webrtcBenchCommand } from './webrtcBench';

export interface BenchRow {
  method: ExpMethod;
  profile: ProfileName;
  net: NetPresetName;
  n: number;
  batching: boolean;
  rounds: number;
  bytesSentPerElement: number;
  /** The exp in process without emulation. */
  computeMs: number;
  /** compute + Σ over rounds of (latency + largest frame / bandwidth). */
  estimateMs: number;
  /** The exp in process with the network emulated. */
  measuredMs: number;
  /** Peak live memory per party per element (bytes), in a separate run (peakMemory.ts). */
  peakBytesPerElement: number;
  /**
   * trust 'ot' only, with the network emulated: the offline phase (key agreement, base OTs and the
   * Beaver material by OT; party 0's wall time, ms), its rounds and party 0's payload bytes sent
   * per element; the online phase (input, exp, opening; ms).
   */
  offlineMs?: number;
  offlineRounds?: number;
  offlineBytesSentPerElement?: number;
  onlineMs?: number;
}

export async function benchExp(method: ExpMethod, profile: ProfileName, field: Field, n: number, batching: boolean, preset: NetPresetName, trust?: TrustSettings): Promise<BenchRow> {
  const net = netPreset(preset);
  const [lo, hi] = expDomain(method, field, defaultFractionBits(field), profileOf(profile), TAYLOR_DEFAULT_ITERATIONS);
  const xs = linspace(lo, hi, n);
  const cfg = { method, profile, field, parties: 2, batching };
  await runExpInProcess(xs.subarray(0, Math.min(n, 64)), cfg); // warm-up: JIT and wasm
  const plain = await runExpInProcess(xs, cfg);
  // the opening round after the exp is in `rounds` too; count only the exp's
  const expRounds = plain.traffic[0]!.rounds;
  const estimate = estimateRunMs(plain.rounds.slice(0, expRounds), net, plain.elapsedMs);
  const emulated = await runExpInProcess(xs, { ...cfg, net });
  const memory = await measurePeakMemory(xs, cfg);
  // both phases of a dealer-free run, under the same emulated network (the online phase's
  // figures above are the same whoever makes the correlations)
  const ot = trust?.trust === 'ot' ? await runExpInProcess(xs, { ...cfg, net, trust: 'ot', otExtension: trust.otExtension }) : null;
  return {
    method,
    profile,
    net: preset,
    n,
    batching,
    rounds: expRounds,
    bytesSentPerElement: plain.traffic[0]!.payloadBytesSent / n,
    computeMs: round1(plain.elapsedMs),
    estimateMs: round1(estimate),
    measuredMs: round1(emulated.elapsedMs),
    peakBytesPerElement: Math.round(memory.peakBytesPerPartyPerElement),
    ...(ot
      ? {
          offlineMs: round1(ot.phasesMs.setup + ot.phasesMs.preprocess),
          offlineRounds: ot.offline[0]!.rounds,
          offlineBytesSentPerElement: ot.offline[0]!.payloadBytesSent / n,
          onlineMs: round1(ot.phasesMs.input + ot.phasesMs.exp + ot.phasesMs.open),
        }
      : {}),
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** `--transport webrtc` or `--transport=webrtc` anywhere in argv (each transport has its own flags). */
function wantsWebrtc(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--transport=webrtc' || (a === '--transport' && argv[i + 1] === 'webrtc'));
}

export async function benchCommand(argv: readonly string[]): Promise<void> {
  if (wantsWebrtc(argv)) return webrtcBenchCommand(argv);
  if (argv.includes('--mul-open')) return mulOpenCommand(argv);
  const { settings, flags } = parseExpFlags(argv, { n: 1000 }, { net: { kind: 'string', choices: NET_PRESET_NAMES }, transport: { kind: 'string', choices: ['memory'] }, ...TRUST_FLAGS });
  const trust = trustOf(flags);
  const preset = (flags.net as NetPresetName | undefined) ?? '100Mbit-10ms';
  const { profile, field, n, batching } = settings;
  const methods = settings.method ? [settings.method] : EXP_METHODS.filter((m) => expMethodProblem(m, 2, field) === null);
  const rows: BenchRow[] = [];
  for (const m of methods) rows.push(await benchExp(m, profile, field, n, batching, preset, trust));
  if (settings.json) {
    process.stdout.write(JSON.stringify({ rows }) + '\n');
    return;
  }
  console.log(`exp under an emulated network ${preset}, ${field}, 2 parties, profile ${profile}, batching ${batching ? 'on' : 'off'}, n = ${n}`);
  console.log('compute: in process without emulation; estimate: compute + per round (latency + largest frame / bandwidth); measured: in process with emulation;');
  console.log('peakBytesPerElement: live heap + ArrayBuffers after a full GC at every round, above the baseline, per party (both in this process), per element.\n');
  const columns = ['method', 'rounds', 'bytesSentPerElement', 'computeMs', 'estimateMs', 'measuredMs', 'peakBytesPerElement'];
  if (trust.trust === 'ot') {
    console.log(
      `trust ot (${trust.otExtension}), a dealer-free run under the same network: offlineMs (key agreement, fresh base OTs, the Beaver material by OT; party 0) with its rounds and party 0's bytes per element, onlineMs (input, exp, opening).\n`,
    );
    columns.push('offlineMs', 'offlineRounds', 'offlineBytesSentPerElement', 'onlineMs');
  }
  console.log(markdownTable(columns, rows as never));
}
