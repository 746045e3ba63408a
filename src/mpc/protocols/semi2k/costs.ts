/**
 * Declared cost of every kernel: rounds, and payload bytes this party sends (summed over peers)
 * for n elements. Tests compare these with the measured traffic (SPU verifyCost), and the CLI and
 * the UI use them to plan a run before it starts.
 */
import { MpcError } from '../../errors';
import { backtypeBytes, type Field } from '../../ring';

export interface CostParams {
  readonly field: Field;
  readonly parties: number;
  readonly n: number;
  /** Width of a boolean input (and_bb, b2a). */
  readonly nbits?: number;
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
  | 'mul_priv_gf';

const k = (f: Field): number => (f === 'FM64' ? 64 : 128);
const b = (f: Field): number => k(f) / 8;

/** The declared cost of one kernel call on n elements. */
export function kernelCost(name: KernelName, c: CostParams): Cost {
  const peers = c.parties - 1;
  const n = c.n;
  const log2k = Math.log2(k(c.field));
  switch (name) {
    case 'a2p':
    case 'square_a':
    case 'trunc_a':
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
    case 'select':
      return { rounds: 2, bytesSent: peers * (backtypeBytes(1) + 2 * b(c.field)) * n };
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
