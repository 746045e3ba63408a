/**
 * Declared cost of every kernel: rounds, and payload bytes this party sends (summed over peers)
 * for n elements. Tests compare these with the measured traffic (SPU verifyCost), and the CLI and
 * the UI use them to plan a run before it starts.
 */
import { MpcError } from '../../errors';
import { backtypeBytes, defaultFractionBits, type Field } from '../../ring';
import { boundedCompareBits, DEFAULT_PROFILE, profileOf, type ProfileName } from './profile';

export interface CostParams {
  readonly field: Field;
  readonly parties: number;
  readonly n: number;
  /** Width of a boolean input (and_bb, b2a). */
  readonly nbits?: number;
  /** Profile whose kernel choices apply (default: the default profile). */
  readonly profile?: ProfileName;
}

export interface Cost {
  readonly rounds: number;
  readonly bytesSent: number;
}

export type KernelName =
  | 'a2p'
  | 'mul_aa'
  | 'square_a'
  | 'trunc_a'
  | 'and_bb'
  | 'msb_a2b'
  | 'a2b'
  | 'b2a'
  | 'select'
  | 'mul_priv'
  | 'mul_priv_gf'
  | 'mul_priv_bits'
  | 'mul_a1b'
  | 'msb_bounded'
  | 'msb';

const k = (f: Field): number => (f === 'FM64' ? 64 : 128);
const b = (f: Field): number => k(f) / 8;

/** The declared cost of one kernel call on n elements. */
export function kernelCost(name: KernelName, c: CostParams): Cost {
  const peers = c.parties - 1;
  const n = c.n;
  const log2k = Math.log2(k(c.field));
  const profile = profileOf(c.profile ?? DEFAULT_PROFILE);
  const twoParty = c.parties === 2;
  switch (name) {
    case 'trunc_a':
      if (twoParty && c.field === 'FM128' && profile.trunc2pcFM128 === 'local') return { rounds: 0, bytesSent: 0 };
      return { rounds: 1, bytesSent: peers * b(c.field) * n };
    case 'a2p':
    case 'square_a':
      return { rounds: 1, bytesSent: peers * b(c.field) * n };
    case 'mul_aa':
      return { rounds: 1, bytesSent: 2 * peers * b(c.field) * n };
    case 'and_bb':
      return { rounds: 1, bytesSent: 2 * peers * backtypeBytes(c.nbits ?? k(c.field)) * n };
    case 'msb_a2b': {
      requireTwo(name, c.parties);
      // level 0 at full width, then log2(k) halving levels with four openings each
      let bytes = 2 * b(c.field);
      for (let w = k(c.field) / 2; w >= 1; w /= 2) bytes += 4 * backtypeBytes(w);
      return { rounds: 1 + log2k, bytesSent: bytes * n };
    }
    case 'a2b': {
      const levels = Math.ceil(Math.log2(c.parties));
      const perAdder = (2 + 4 * log2k) * b(c.field);
      return { rounds: levels * (1 + log2k), bytesSent: peers * peers * perAdder * n };
    }
    case 'b2a':
      return { rounds: 1, bytesSent: peers * backtypeBytes(c.nbits ?? k(c.field)) * n };
    case 'msb_bounded': {
      requireTwo(name, c.parties);
      const W = 2 ** Math.ceil(Math.log2(boundedCompareBits(profile, defaultFractionBits(c.field))));
      let bytes = 2 * backtypeBytes(W);
      for (let w = W / 2; w >= 2; w /= 2) bytes += 4 * backtypeBytes(w);
      return { rounds: 1 + Math.log2(W), bytesSent: (bytes + 2) * n };
    }
    case 'msb':
      if (!twoParty) return kernelCost('a2b', c);
      return kernelCost(profile.compare2pc === 'bounded' ? 'msb_bounded' : 'msb_a2b', c);
    case 'select':
      if (twoParty && profile.select2pc === 'a1b') return kernelCost('mul_a1b', c);
      return { rounds: 2, bytesSent: peers * (backtypeBytes(1) + 2 * b(c.field)) * n };
    case 'mul_a1b':
      requireTwo(name, c.parties);
      return { rounds: 1, bytesSent: 2 * b(c.field) * n };
    case 'mul_priv_bits':
      requireTwo(name, c.parties);
      return { rounds: 1, bytesSent: Math.ceil(n / 8) };
    case 'mul_priv':
      requireTwo(name, c.parties);
      return { rounds: 1, bytesSent: b(c.field) * n };
    case 'mul_priv_gf':
      requireTwo(name, c.parties);
      return { rounds: 1, bytesSent: 16 * n };
  }
}

function requireTwo(name: string, parties: number): void {
  if (parties !== 2) throw new MpcError('ERR_PARTY_COUNT', `${name} is a 2-party protocol; got ${parties} parties`);
}
