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
    text: 'Each pair of parties agrees a secret seed by a Diffie–Hellman exchange, so that no seed ever passes through a third party. Only public values cross the wire.',
  },
  setup_base_ot: {
    title: 'Base oblivious transfers',
    text: 'Each pair runs 128 public-key oblivious transfers, once per room: the receiver learns one of two keys without the sender learning which. They seed every later oblivious transfer between the pair.',
  },
  ot_extend: {
    title: 'Oblivious transfer extension',
    text: 'The base transfers are stretched into as many random oblivious transfers as the run needs, with only symmetric cryptography (a PRG and a hash): each party learns its own random values, never the other’s.',
  },
  ot_correct: {
    title: 'Beaver material from oblivious transfers',
    text: 'Short corrections turn random transfers into the products the protocol consumes (Beaver triples, squares, AND triples, random bits): each party ends with a share, and no party learns the values themselves.',
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
