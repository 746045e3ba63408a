/**
 * The cost of a run, known before it starts, from dry runs of the same job on 1 and on 8
 * elements, all parties in process. Rounds do not depend on n. Bytes are a·n + b·⌈n/8⌉ for every
 * kernel we have: linear per element, plus single bits packed eight to a byte (the fast profile's
 * wrap bit); two dry runs determine a and b, so the plan is exact (tests check it against real runs).
 */
import { seededEntropy } from '../prg/entropy';
import { memoryNetwork } from '../io/memoryTransport';
import { runExpSession, type ExpJob } from './expSession';

export interface ExpPlan {
  readonly rounds: number;
  /** Per party (index = party): payload bytes sent = perElement·n + perPackedByte·⌈n/8⌉. */
  readonly sent: readonly ByteModel[];
  readonly received: readonly ByteModel[];
}

export interface ByteModel {
  readonly perElement: number;
  readonly perPackedByte: number;
}

/** Bytes for n elements under a model. */
export function plannedBytes(m: ByteModel, n: number): number {
  return m.perElement * n + m.perPackedByte * Math.ceil(n / 8);
}

export async function planExp(job: Omit<ExpJob, 'n'>, parties: number): Promise<ExpPlan> {
  const one = await dryRun(job, parties, 1);
  const eight = await dryRun(job, parties, 8);
  const model = (b1: number, b8: number): ByteModel => {
    const perElement = (b8 - b1) / 7;
    return { perElement, perPackedByte: b1 - perElement };
  };
  return {
    rounds: one[0]!.rounds,
    sent: one.map((r, i) => model(r.sent, eight[i]!.sent)),
    received: one.map((r, i) => model(r.received, eight[i]!.received)),
  };
}

async function dryRun(job: Omit<ExpJob, 'n'>, parties: number, n: number) {
  const dry: ExpJob = { ...job, n };
  const net = memoryNetwork(parties);
  const xs = new Array<number>(n).fill(0);
  try {
    const runs = await Promise.all(
      net.transports.map((t) => runExpSession(t, dry, t.self === dry.inputParty ? xs : null, { entropy: seededEntropy(t.self) })),
    );
    return runs.map((r) => ({ rounds: r.exp.rounds, sent: r.exp.payloadBytesSent, received: r.exp.payloadBytesReceived }));
  } catch (err) {
    net.close(err);
    throw err;
  }
}
