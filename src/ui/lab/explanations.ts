/**
 * Plain-words explanations of every operation the engine records in its graph, and of each exp
 * method (docs/exp.md has the figures and the proofs). The kernels' words come from the SEMI2K
 * kernel registry; only the session's setup steps are written here. A unit test checks that every
 * name the engine can emit is explained, so a new kernel cannot appear on screen unexplained.
 */
import { KERNEL_NAMES, KERNELS } from '../../workers/readings';
import type { ExpMethod } from '../../workers/api';

export interface Explanation {
  /** A few words: what it computes. */
  readonly title: string;
  /** One or two sentences: how, and what it costs in rounds. */
  readonly text: string;
}

/** Graph nodes that are not kernels: the setup round of a session (party.ts). */
const SETUP_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  setup_dealer_seeds: {
    title: 'Seeds for correlated randomness',
    text: 'Before the exp, every party sends a random seed to party 0, which can then replay everyone’s randomness and hand out Beaver triples and other correlated values without further messages. This is the demonstration trust model: party 0 could learn every secret.',
  },
  setup_prss_seeds: {
    title: 'Pairwise seeds for zero sharings',
    text: 'Each party agrees a seed with its neighbour, so that all parties can later make random sharings of zero locally, with no messages.',
  },
  setup_ot_hello: {
    title: 'Key agreement (no trusted party)',
    text: 'Each pair of parties agrees keys (Diffie–Hellman over ristretto255) for its pairwise seeds and starts its base oblivious transfers; a pair that has made its base OTs in an earlier run says so and reuses them.',
  },
  setup_base_ot: {
    title: 'Base oblivious transfers',
    text: '128 public-key oblivious transfers per pair and direction, once per pair of tabs: the seeds from which OT extension makes millions of cheap ones. No party learns the other’s choice bits.',
  },
  ot_extend: {
    title: 'OT extension',
    text: 'The receiver of each pair stretches the base OTs into the correlated OTs this chunk of the offline phase needs (SoftSpokenOT or IKNP), sending a few bytes per OT.',
  },
  ot_correct: {
    title: 'OLE corrections',
    text: 'The sender of each pair turns correlated OTs into shares of products (Gilboa’s oblivious linear evaluation): the Beaver triples and other correlations, made without any party learning another’s masks.',
  },
};

export const OP_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  ...SETUP_EXPLANATIONS,
  ...Object.fromEntries(KERNEL_NAMES.map((name) => [name, { title: KERNELS[name].label, text: KERNELS[name].description }])),
};

export const METHOD_EXPLANATIONS: Readonly<Record<ExpMethod, Explanation>> = {
  taylor: {
    title: 'taylor: (1 + x/2^N)^(2^N)',
    text: 'Divide x by 2^N and square N times: one chain of dependent squarings, so one round each and nothing for batching to merge. Cheap, accurate only for small |x|.',
  },
  pade: {
    title: 'pade: 2^(x·log2 e) by integer and fraction',
    text: 'Write e^x as 2^t, compute 2^frac(t) with a polynomial and 2^int(t) bit by bit, then clamp to the valid range by comparisons. The fast profile runs the comparisons, the bit extraction and the polynomial side by side: 12 rounds instead of SPU’s 52.',
  },
  prime: {
    title: 'prime: exponents in a prime field',
    text: 'Each party turns its own share into a factor 2^(share) in GF(2^127 − 1), locally; one private multiplication combines the two factors and a second corrects the wrap-around, so the rounds do not grow with precision. Two parties on FM128 only; a comparison beside it clamps very negative inputs.',
  },
};

export function explainOp(name: string): Explanation | null {
  return Object.hasOwn(OP_EXPLANATIONS, name) ? OP_EXPLANATIONS[name]! : null;
}
