/**
 * Run n parties of a SEMI2K session in one process over the in-memory transport (SPU
 * utils::simulate). Each party runs `fn` concurrently; the result holds every party's output,
 * traffic counters, operation graph and round log. For tests: the network checks that no frame
 * changes once sent (memoryNetwork's checkSent), so a protocol that writes a payload after handing
 * it to exchange() fails here rather than only on a real link.
 */
import { hostEntropy, seededEntropy } from '../prg/entropy';
import type { OtStore } from '../offline/otSetup';
import { Party, type PartyOptions } from '../protocols/semi2k/party';
import { subtractCounters, type Counters } from '../sched/counters';
import type { OpNode } from '../sched/graph';
import type { RoundRecord } from '../sched/scheduler';
import { memoryNetwork } from './memoryTransport';

export interface SimOptions extends Omit<PartyOptions, 'entropy' | 'onRound' | 'otStore'> {
  /** Deterministic seeds for reproducible tests; fresh host randomness if absent. */
  readonly seed?: number;
  /** trust 'ot': each party's kept base OTs (index = party), to reuse them across runs. */
  readonly otStores?: readonly OtStore[];
  /**
   * Check that no frame changes once sent (default true). Benchmarks turn it off: it hashes every
   * frame twice, which a timed mul + open would count as the engine's time.
   */
  readonly checkSent?: boolean;
}

export interface PartyRun<T> {
  readonly output: T;
  /** Traffic of `fn` alone (setup traffic is in `setup`). */
  readonly traffic: Counters;
  readonly setup: Counters;
  readonly graph: readonly OpNode[];
  readonly rounds: readonly RoundRecord[];
}

export async function simulate<T>(parties: number, fn: (p: Party) => Promise<T>, opts: SimOptions): Promise<PartyRun<T>[]> {
  const net = memoryNetwork(parties, { checkSent: opts.checkSent ?? true });
  try {
    const runs = await Promise.all(
      net.transports.map(async (t) => {
        const rounds: RoundRecord[] = [];
        const entropy = opts.seed === undefined ? hostEntropy : seededEntropy(opts.seed * 131 + t.self);
        const otStore = opts.otStores?.[t.self];
        const p = await Party.setup(t, { ...opts, entropy, onRound: (r) => rounds.push(r), ...(otStore ? { otStore } : {}) });
        const setup = p.sched.traffic();
        let output: T;
        try {
          output = await fn(p);
        } catch (err) {
          p.sched.abort(err);
          throw err;
        }
        const after = p.sched.traffic();
        return { output, traffic: subtractCounters(after, setup), setup, graph: p.graph.nodes, rounds: rounds.filter((r) => r.phase === 'online') };
      }),
    );
    net.verify();
    return runs;
  } catch (err) {
    net.close(err);
    throw err;
  }
}
