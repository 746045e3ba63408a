/**
 * What a party answers a run proposal with before it runs it, the same for a tab (runs.ts) and a
 * headless party (src/node/party.ts): a refusal it sends back to the proposer as an abort (and,
 * where the party itself should say so, an error it shows), or the parsed parameters to run.
 */
import { parseParams, type RunParams } from './params';

export type ProposalAnswer =
  | { readonly ok: true; readonly params: RunParams }
  | {
      readonly ok: false;
      /** The abort's reason, for the proposer. */
      readonly reason: string;
      /** What this party shows of it; null when the proposal is simply declined (busy). */
      readonly shown: { readonly code: 'ERR_UNCONFIRMED_SEAT' | 'ERR_BAD_PROPOSAL'; readonly message: string } | null;
    };

export interface ProposalContext {
  readonly self: number;
  /** 'tab' or 'party': how this party names itself in what it shows. */
  readonly selfNoun: string;
  /** Why this party refuses a run of this trust model (seats.ts), or null. */
  readonly refusal: (trust: RunParams['trust']) => string | null;
  /** This party is in another run. */
  readonly busy: boolean;
}

export function screenProposal(from: number, proposed: Record<string, unknown>, ctx: ProposalContext): ProposalAnswer {
  const refusal = ctx.refusal(proposed['trust'] === 'ot' ? 'ot' : 'tfp');
  if (refusal) return { ok: false, reason: refusal, shown: { code: 'ERR_UNCONFIRMED_SEAT', message: `Party ${from} proposed a run, refused here: ${refusal}.` } };
  if (ctx.busy) return { ok: false, reason: `party ${ctx.self} is busy with another run`, shown: null };
  try {
    return { ok: true, params: parseParams(proposed) };
  } catch (err) {
    const message = (err as Error).message;
    return { ok: false, reason: message, shown: { code: 'ERR_BAD_PROPOSAL', message: `party ${from} proposed a run this ${ctx.selfNoun} cannot accept: ${message}` } };
  }
}
