/**
 * The SEMI2K kernel registry (SPU regSemi2kProtocol): one entry per kernel, with its bind name
 * (the graph node's name, trace tag and test label), plain words for the UI, its share kinds, the
 * party counts and rings it supports, and its declared cost: rounds and the payload bytes this
 * party sends (summed over peers) for n elements. Kernel docstrings say why a kernel costs what it
 * costs; the figures live here only.
 *
 * Two kinds of entry:
 *  - a kernel runs one protocol and declares `cost`;
 *  - a choice names the kernels the profile picks for an operation (`uses`), which run one after
 *    the other; its cost is theirs, looked up here. The code that runs the operation asks
 *    `kernelsFor` which kernels to run, so a profile's choice is made in this file only.
 *
 * Read by: the kernels' dispatch (compare.ts, truncation.ts, expA.ts), the conformance suite
 * (measured against declared cost, SPU verifyCost), `tabmpc ops` (its op list) and the UI's
 * operation explanations. Pure data and arithmetic: no kernel code is imported here.
 */
import { MpcError } from '../../errors';
import { backtypeBytes, defaultFractionBits, type Field } from '../../ring';
import { boundedCompareBits, DEFAULT_PROFILE, profileOf, type Profile, type ProfileName } from './profile';

/** A = additive share, B = XOR share, P = public, V = private to one party (SPU's suffixes). */
export type ShareKind = 'A' | 'B' | 'P' | 'V';

/** What a kernel's choice and cost depend on, besides the number of elements. */
export interface Setting {
  readonly field: Field;
  readonly parties: number;
  readonly profile: Profile;
  /** Fraction bits of the fixed-point encoding (bounded comparisons look at them). */
  readonly fxp: number;
}

export interface CostParams {
  readonly field: Field;
  readonly parties: number;
  readonly n: number;
  /** Width of a boolean input (and_bb, b2a), or the bits a bounded comparison looks at (msb_bounded). */
  readonly nbits?: number;
  /** Profile whose kernel choices apply (default: the default profile). */
  readonly profile?: ProfileName;
  /** Fraction bits (default: SPU's for the field). */
  readonly fxp?: number;
}

export interface Cost {
  readonly rounds: number;
  readonly bytesSent: number;
}

interface Common {
  /** A few words: what it computes (the UI's title). */
  readonly label: string;
  /** One or two plain sentences: how, and what it costs in rounds (the UI's text). */
  readonly description: string;
  /** Share kinds of the inputs and of the output. */
  readonly inputs: readonly ShareKind[];
  readonly output: ShareKind;
  /** Party counts it runs with. */
  readonly parties: 'any' | 2;
  readonly fields: readonly Field[];
}

interface KernelEntry extends Common {
  readonly kind: 'kernel';
  /** Whether running it records a graph node of this name (a local kernel may not). */
  readonly graphNode: boolean;
  /** Declared cost for n elements in a setting it supports. */
  cost(c: Required<Omit<CostParams, 'profile' | 'nbits'>> & { readonly nbits: number | undefined; readonly profile: Profile }): Cost;
}

interface ChoiceEntry<N extends string = string> extends Common {
  readonly kind: 'choice';
  /** The kernels this operation runs, in order, for the setting: the profile's choice. */
  uses(s: Setting): readonly N[];
}

type Entry<N extends string = string> = KernelEntry | ChoiceEntry<N>;

/** The registry as written, checked so that a choice can only name kernels of this registry. */
function registry<const T extends { readonly [K in keyof T]: Entry<Extract<keyof T, string>> }>(entries: T): T {
  return entries;
}

const BOTH: readonly Field[] = ['FM64', 'FM128'];
const bits = (f: Field): number => (f === 'FM64' ? 64 : 128);
const bytes = (f: Field): number => bits(f) / 8;
const peers = (c: { parties: number }): number => c.parties - 1;
const free = (): Cost => ({ rounds: 0, bytesSent: 0 });

/** Bytes per element of a carry tree over `width` bits: G = a ∧ b, then halving levels of two ANDs. */
function carryTreeBytes(width: number, lastP: boolean): number {
  let b = 2 * backtypeBytes(width);
  for (let w = width / 2; w >= 1; w /= 2) b += (w > 1 || lastP ? 4 : 2) * backtypeBytes(w);
  return b;
}

/** Every SEMI2K kernel and profile choice, in the order `tabmpc ops` lists them. */
export const KERNELS = registry({
  // ---------------------------------------------------------------- input and output
  p2a: {
    kind: 'kernel', graphNode: true, inputs: ['P'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Share a public constant',
    description: 'A value everyone knows (a clamp bound, a coefficient) becomes a sharing: party 0 holds it, the others hold zero. Local, no round.',
    cost: free,
  },
  v2a: {
    kind: 'kernel', graphNode: true, inputs: ['V'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Share a private input',
    description: 'The input party turns its values into shares: everyone makes a random sharing of zero and the owner adds its value to its own part. No messages, so no round.',
    cost: free,
  },
  a2p: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'P', parties: 'any', fields: BOTH,
    label: 'Open a shared value',
    description: 'Every party sends its share to every other and each adds them up: the value becomes public. One round; here it reveals only the final result.',
    cost: (c) => ({ rounds: 1, bytesSent: peers(c) * bytes(c.field) * c.n }),
  },
  // ---------------------------------------------------------------- multiplication
  mul_aa: {
    kind: 'kernel', graphNode: true, inputs: ['A', 'A'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Multiply two shared values',
    description: 'Beaver multiplication: the parties open x − a and y − b for a random triple a·b = c they share, which reveals nothing, then finish locally. One round.',
    cost: (c) => ({ rounds: 1, bytesSent: 2 * peers(c) * bytes(c.field) * c.n }),
  },
  square_a: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Square a shared value',
    description: 'Like a multiplication with both factors equal, so only x − a is opened: one round, half the bytes of mul_aa.',
    cost: (c) => ({ rounds: 1, bytesSent: peers(c) * bytes(c.field) * c.n }),
  },
  // ---------------------------------------------------------------- truncation
  trunc_a: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Rescale after a multiplication',
    description: 'A fixed-point product has twice the fraction bits, so it is divided by 2^f: the parties open x + r for a random r with known shifted parts and correct the carry. One round (the fast profile truncates locally, for free, with two parties on FM128).',
    cost: (c) => ({ rounds: 1, bytesSent: peers(c) * bytes(c.field) * c.n }),
  },
  trunc_a_local: {
    kind: 'kernel', graphNode: false, inputs: ['A'], output: 'A', parties: 2, fields: BOTH,
    label: 'Rescale locally (two parties)',
    description: 'Each of the two parties shifts its own share: no message, no round. Off by one in the last place, or wrong with a chance of |x|/2^k, which is negligible on FM128 for bounded inputs.',
    cost: free,
  },
  trunc: {
    kind: 'choice', inputs: ['A'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Rescale (the profile’s truncation)',
    description: 'Local truncation with two parties on FM128 under the fast profile, TruncAPr otherwise.',
    uses: (s) => (s.parties === 2 && s.field === 'FM128' && s.profile.trunc2pcFM128 === 'local' ? ['trunc_a_local'] : ['trunc_a']),
  },
  // ---------------------------------------------------------------- boolean
  and_bb: {
    kind: 'kernel', graphNode: true, inputs: ['B', 'B'], output: 'B', parties: 'any', fields: BOTH,
    label: 'AND of XOR-shared bits',
    description: 'Beaver multiplication over bits: open x ⊕ a and y ⊕ b for a random bit triple, then finish locally. One round, a few bits per element.',
    cost: (c) => ({ rounds: 1, bytesSent: 2 * peers(c) * backtypeBytes(c.nbits ?? bits(c.field)) * c.n }),
  },
  // ---------------------------------------------------------------- comparison
  msb_a2b: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'B', parties: 2, fields: BOTH,
    label: 'Sign bit (comparison), full width',
    description: 'Is x negative? Each party’s share becomes a bit string and a carry-lookahead tree of ANDs finds the carry into the top bit of their sum. 8 rounds over all 127 low bits (SPU’s MsbA2B).',
    cost: (c) => ({ rounds: 1 + Math.log2(bits(c.field)), bytesSent: carryTreeBytes(bits(c.field), true) * c.n }),
  },
  msb_bounded: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'B', parties: 2, fields: BOTH,
    label: 'Sign bit (comparison), bounded input',
    description: 'The same comparison for values known to be small (|x| below the profile’s input bound): the carry tree covers only the bits that can matter, 7 rounds and half the bytes of msb_a2b.',
    cost: (c) => {
      const l = c.nbits ?? boundedCompareBits(c.profile, c.fxp);
      if (!Number.isFinite(l)) throw new MpcError('ERR_UNSUPPORTED', `msb_bounded needs an input bound; profile ${c.profile.name} has none`);
      const W = 2 ** Math.ceil(Math.log2(l));
      return { rounds: 1 + Math.log2(W), bytesSent: carryTreeBytes(W, false) * c.n };
    },
  },
  msb: {
    kind: 'choice', inputs: ['A'], output: 'B', parties: 'any', fields: BOTH,
    label: 'Sign bit (the profile’s comparison)',
    description: 'Two parties: the carry tree over the bounded bits (fast) or over all of them (spu2024). More parties: the top bit of a full A2B.',
    uses: (s) => (s.parties !== 2 ? ['a2b'] : s.profile.compare2pc === 'bounded' ? ['msb_bounded'] : ['msb_a2b']),
  },
  // ---------------------------------------------------------------- conversion
  a2b: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'B', parties: 'any', fields: BOTH,
    label: 'Arithmetic to boolean shares',
    description: 'Turns additive shares into XOR shares of every bit by adding the parties’ shares with a Kogge–Stone adder over bit strings: 8 rounds and hundreds of bytes per element at 128 bits.',
    cost: (c) => {
      const log2k = Math.log2(bits(c.field));
      const levels = Math.ceil(Math.log2(c.parties));
      return { rounds: levels * (1 + log2k), bytesSent: peers(c) * peers(c) * (2 + 4 * log2k) * bytes(c.field) * c.n };
    },
  },
  a2b_low32: {
    kind: 'kernel', graphNode: true, inputs: ['A'], output: 'B', parties: 2, fields: BOTH,
    label: 'Low 32 bits to boolean shares',
    description: 'pade’s shortcut: a 32-bit Kogge–Stone adder over the low bits of the parties’ shares yields the five integer bits and the carry into the fraction, without a full 128-bit conversion. 6 rounds.',
    cost: (c) => ({ rounds: 1 + Math.log2(32), bytesSent: (2 + 4 * Math.log2(32)) * backtypeBytes(32) * c.n }),
  },
  b2a: {
    kind: 'kernel', graphNode: true, inputs: ['B'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Boolean to arithmetic shares',
    description: 'XOR-shared bits become an additive sharing of their value: open the bits masked by shared random bits, then correct each bit locally. One round.',
    cost: (c) => ({ rounds: 1, bytesSent: peers(c) * backtypeBytes(c.nbits ?? bits(c.field)) * c.n }),
  },
  b2a_bit: {
    kind: 'kernel', graphNode: true, inputs: ['B'], output: 'A', parties: 'any', fields: BOTH,
    label: 'One shared bit to arithmetic',
    description: 'B2A for a single bit, so the opened mask is one bit per element. One round; many of them share a round when they are independent.',
    cost: (c) => ({ rounds: 1, bytesSent: peers(c) * backtypeBytes(1) * c.n }),
  },
  // ---------------------------------------------------------------- private products
  mul_a1b: {
    kind: 'kernel', graphNode: true, inputs: ['A', 'B'], output: 'A', parties: 2, fields: BOTH,
    label: 'Select by a shared bit',
    description: 'x·b for a shared value x and a shared bit b, e.g. “if x is below the clamp, take the bound”: two private products sent in one message. One round, instead of B2A then mul_aa.',
    cost: (c) => ({ rounds: 1, bytesSent: 2 * bytes(c.field) * c.n }),
  },
  mul_bit: {
    kind: 'choice', inputs: ['A', 'B'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Multiply by a shared bit (the profile’s way)',
    description: 'One mul_a1b with two parties under the fast profile; otherwise the bit becomes arithmetic (B2A) and is multiplied (mul_aa), as SPU did.',
    uses: (s) => (s.parties === 2 && s.profile.select2pc === 'a1b' ? ['mul_a1b'] : ['b2a_bit', 'mul_aa']),
  },
  select: {
    kind: 'choice', inputs: ['B', 'A', 'A'], output: 'A', parties: 'any', fields: BOTH,
    label: 'Pick one of two values by a shared bit',
    description: 'pred ? a : b as b + pred·(a − b): one multiplication by the bit, the rest local.',
    uses: () => ['mul_bit'],
  },
  mul_priv: {
    kind: 'kernel', graphNode: true, inputs: ['V', 'V'], output: 'A', parties: 2, fields: BOTH,
    label: 'Multiply two private values',
    description: 'Party 0 holds u, party 1 holds v, and they end with shares of u·v: each sends its value masked by correlated randomness. One round.',
    cost: (c) => ({ rounds: 1, bytesSent: bytes(c.field) * c.n }),
  },
  mul_priv_gf: {
    kind: 'kernel', graphNode: true, inputs: ['V', 'V'], output: 'A', parties: 2, fields: ['FM128'],
    label: 'Multiply private values in GF(2^127 − 1)',
    description: 'The same private product in the prime field where prime’s exp works with exponents: one round, 16 bytes per element.',
    cost: (c) => ({ rounds: 1, bytesSent: 16 * c.n }),
  },
  mul_priv_bits: {
    kind: 'kernel', graphNode: true, inputs: ['V', 'V'], output: 'A', parties: 2, fields: BOTH,
    label: 'Multiply two private bits',
    description: 'A private product of single bits (prime’s wrap correction): each party sends one masked bit per element, packed eight to a byte. One round.',
    cost: (c) => ({ rounds: 1, bytesSent: Math.ceil(c.n / 8) }),
  },
  // ---------------------------------------------------------------- exp
  exp_a: {
    kind: 'choice', inputs: ['A'], output: 'A', parties: 2, fields: ['FM128'],
    label: 'exp in a prime field (SPU ExpA)',
    description: 'Each party turns its share into a factor 2^(share) in GF(2^127 − 1) locally; one private product combines the factors and a second corrects the wrap-around. Two rounds.',
    uses: (s) => ['mul_priv_gf', s.profile.primeWrapBit === 'bits' ? 'mul_priv_bits' : 'mul_priv'],
  },
});

export type KernelName = keyof typeof KERNELS;
export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

/** The registry entry for a name; a clear error for a name it does not know. */
export function kernelInfo(name: string): Entry<KernelName> {
  if (!Object.hasOwn(KERNELS, name)) throw new MpcError('ERR_UNSUPPORTED', `unknown kernel '${name}': known are ${KERNEL_NAMES.join(', ')}`);
  return KERNELS[name as KernelName];
}

/** Throw ERR_PARTY_COUNT or ERR_UNSUPPORTED unless the kernel runs in this setting. */
export function checkSupported(name: KernelName, s: Pick<Setting, 'field' | 'parties'>): void {
  const e: Entry<KernelName> = KERNELS[name];
  if (e.parties !== 'any' && e.parties !== s.parties) {
    throw new MpcError('ERR_PARTY_COUNT', `${name} is a ${e.parties}-party protocol; got ${s.parties} parties`);
  }
  if (!e.fields.includes(s.field)) throw new MpcError('ERR_UNSUPPORTED', `${name} runs on ${e.fields.join(', ')} only, not ${s.field}`);
}

/** The kernels an operation runs in this setting: itself for a kernel, the profile's pick for a choice. */
export function kernelsFor(name: KernelName, s: Setting): readonly KernelName[] {
  checkSupported(name, s);
  const e: Entry<KernelName> = KERNELS[name];
  return e.kind === 'kernel' ? [name] : e.uses(s);
}

/** The declared cost of one call on n elements; a choice costs the kernels it uses, run in sequence. */
export function kernelCost(name: KernelName, c: CostParams): Cost {
  const profile = profileOf(c.profile ?? DEFAULT_PROFILE);
  const fxp = c.fxp ?? defaultFractionBits(c.field);
  checkSupported(name, c);
  const e: Entry<KernelName> = KERNELS[name];
  if (e.kind === 'kernel') return e.cost({ field: c.field, parties: c.parties, n: c.n, fxp, profile, nbits: c.nbits });
  let rounds = 0;
  let bytesSent = 0;
  for (const k of e.uses({ field: c.field, parties: c.parties, profile, fxp })) {
    const one = kernelCost(k, c);
    rounds += one.rounds;
    bytesSent += one.bytesSent;
  }
  return { rounds, bytesSent };
}
