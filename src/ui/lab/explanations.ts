/**
 * Plain-words explanations of every operation the engine records in its graph, and of each exp
 * method (docs/exp.md has the figures and the proofs). A unit test checks that every name the
 * engine can emit is here, so a new kernel cannot appear on screen unexplained.
 */
import type { ExpMethod } from '../../workers/api';

export interface Explanation {
  /** A few words: what it computes. */
  readonly title: string;
  /** One or two sentences: how, and what it costs in rounds. */
  readonly text: string;
}

export const OP_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  setup_dealer_seeds: {
    title: 'Seeds for correlated randomness',
    text: 'Before the exp, every party sends a random seed to party 0, which can then replay everyone’s randomness and hand out Beaver triples and other correlated values without further messages. This is the demonstration trust model: party 0 could learn every secret.',
  },
  setup_prss_seeds: {
    title: 'Pairwise seeds for zero sharings',
    text: 'Each party agrees a seed with its neighbour, so that all parties can later make random sharings of zero locally, with no messages.',
  },
  v2a: {
    title: 'Share a private input',
    text: 'The input party turns its values into shares: everyone makes a random sharing of zero and the owner adds its value to its own part. No messages, so no round.',
  },
  p2a: {
    title: 'Share a public constant',
    text: 'A value everyone knows (a clamp bound, a coefficient) becomes a sharing: party 0 holds it, the others hold zero. Local, no round.',
  },
  a2p: {
    title: 'Open a shared value',
    text: 'Every party sends its share to every other and each adds them up: the value becomes public. One round; here it reveals only the final result.',
  },
  mul_aa: {
    title: 'Multiply two shared values',
    text: 'Beaver multiplication: the parties open x − a and y − b for a random triple a·b = c they share, which reveals nothing, then finish locally. One round.',
  },
  square_a: {
    title: 'Square a shared value',
    text: 'Like a multiplication with both factors equal, so only x − a is opened: one round, half the bytes of mul_aa.',
  },
  trunc_a: {
    title: 'Rescale after a multiplication',
    text: 'A fixed-point product has twice the fraction bits, so it is divided by 2^f: the parties open x + r for a random r with known shifted parts and correct the carry. One round (the fast profile truncates locally, for free, with two parties on FM128).',
  },
  and_bb: {
    title: 'AND of XOR-shared bits',
    text: 'Beaver multiplication over bits: open x ⊕ a and y ⊕ b for a random bit triple, then finish locally. One round, a few bits per element.',
  },
  msb_a2b: {
    title: 'Sign bit (comparison), full width',
    text: 'Is x negative? Each party’s share becomes a bit string and a carry-lookahead tree of ANDs finds the carry into the top bit of their sum. 8 rounds over all 127 low bits (SPU’s MsbA2B).',
  },
  msb_bounded: {
    title: 'Sign bit (comparison), bounded input',
    text: 'The same comparison for values known to be small (|x| below the profile’s input bound): the carry tree covers only the bits that can matter, 7 rounds and half the bytes of msb_a2b.',
  },
  a2b: {
    title: 'Arithmetic to boolean shares',
    text: 'Turns additive shares into XOR shares of every bit by adding the parties’ shares with a Kogge–Stone adder over bit strings: 8 rounds and hundreds of bytes per element at 128 bits.',
  },
  a2b_low32: {
    title: 'Low 32 bits to boolean shares',
    text: 'pade’s shortcut: a 32-bit Kogge–Stone adder over the low bits of the parties’ shares yields the five integer bits and the carry into the fraction, without a full 128-bit conversion. 6 rounds.',
  },
  b2a: {
    title: 'Boolean to arithmetic shares',
    text: 'XOR-shared bits become an additive sharing of their value: open the bits masked by shared random bits, then correct each bit locally. One round.',
  },
  b2a_bit: {
    title: 'One shared bit to arithmetic',
    text: 'B2A for a single bit, so the opened mask is one bit per element. One round; many of them share a round when they are independent.',
  },
  mul_a1b: {
    title: 'Select by a shared bit',
    text: 'x·b for a shared value x and a shared bit b, e.g. “if x is below the clamp, take the bound”: two private products sent in one message. One round, instead of B2A then mul_aa.',
  },
  mul_priv: {
    title: 'Multiply two private values',
    text: 'Party 0 holds u, party 1 holds v, and they end with shares of u·v: each sends its value masked by correlated randomness. One round.',
  },
  mul_priv_gf: {
    title: 'Multiply private values in GF(2^127 − 1)',
    text: 'The same private product in the prime field where prime’s exp works with exponents: one round, 16 bytes per element.',
  },
  mul_priv_bits: {
    title: 'Multiply two private bits',
    text: 'A private product of single bits (prime’s wrap correction): each party sends one masked bit per element, packed eight to a byte. One round.',
  },
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
