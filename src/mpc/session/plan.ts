/**
 * The cost of a run, known before it starts: a dry run of the same job on one element, all
 * parties in process. Rounds do not depend on n, and every kernel's bytes are linear in n, so the
 * plan for n elements is exact (tests check it against real runs).
 */
import { seededEntropy } from '../entropy';
import { memoryNetwork } from '../testing/memoryTransport';
import { runExpSession, type ExpJob } from './expSession';

export interface ExpPlan {
  readonly rounds: number;
  /** Payload bytes each party sends during the exp, per element (index = party). */
  readonly bytesSentPerElement: readonly number[];
  readonly bytesReceivedPerElement: readonly number[];
}

export async function planExp(job: Omit<ExpJob, 'n'>, parties: number): Promise<ExpPlan> {
  const dry: ExpJob = { ...job, n: 1 };
  const net = memoryNetwork(parties);
  try {
    const runs = await Promise.all(
      net.transports.map((t) => runExpSession(t, dry, t.self === dry.inputParty ? [0] : null, { entropy: seededEntropy(t.self) })),
    );
    return {
      rounds: runs[0]!.exp.rounds,
      bytesSentPerElement: runs.map((r) => r.exp.payloadBytesSent),
      bytesReceivedPerElement: runs.map((r) => r.exp.payloadBytesReceived),
    };
  } catch (err) {
    net.close(err);
    throw err;
  }
}
