/**
 * The random-COT interface every OT extension implements (preprocessing.md §6, ot/ext): the
 * sender gets Δ and q blocks, the receiver choice bits and t blocks, with t_j ⊕ q_j = c_j·Δ.
 * Also what the extensions share: the 16-byte block, the hash-index counter (R2 of
 * preprocessing.md: index = direction (bit 63) ‖ run (bits 62..32) ‖ COT number in the run
 * (bits 31..0), distinct for every COT of a pair) and the run-number bound.
 */
import { MpcError } from '../../errors';

export const BLOCK = 16;
/** COTs per run and pair direction: the index has 32 bits for them. */
const MAX_COTS_PER_RUN = 2 ** 32;
/** Runs per pair before the base OTs must be redone: the index has 31 bits for them. */
export const MAX_RUNS = 2 ** 31;

/** The sender's side of a random correlated OT: t_j ⊕ q_j = c_j·Δ. */
export interface RandomCotSender {
  /** Δ, 16 bytes. */
  readonly delta: Uint8Array;
  /** Bytes of the receiver's message for n COTs (n a multiple of 128). */
  messageBytes(n: number): number;
  /** The q blocks of the next n COTs (16n bytes), from the receiver's message. */
  extend(n: number, msg: Uint8Array): { q: Uint8Array; firstIndex: bigint };
}

/** The receiver's side: choice bits c (packed, bit j = byte j>>3, bit j&7) and t blocks. */
export interface RandomCotReceiver {
  messageBytes(n: number): number;
  /** The next n COTs, with these choice bits or (null) random ones, and the message for the sender. */
  extend(n: number, choices: Uint8Array | null): { msg: Uint8Array; choices: Uint8Array; t: Uint8Array; firstIndex: bigint };
}

export function checkN(n: number): void {
  if (!(Number.isInteger(n) && n > 0 && n % 128 === 0)) {
    throw new MpcError('ERR_SHAPE', `OT extension works on multiples of 128 COTs, got ${n}`);
  }
}

export function checkRun(run: number): void {
  if (!(Number.isInteger(run) && run >= 0 && run < MAX_RUNS)) throw new MpcError('ERR_RANGE', `run number ${run} out of range`);
}

/** The hash indices of one pair direction in one run. */
export class IndexCounter {
  private used = 0;
  constructor(
    private readonly run: number,
    private readonly direction: 0 | 1,
  ) {
    checkRun(run);
  }
  /** The first index of the next n COTs. */
  take(n: number): bigint {
    if (this.used + n > MAX_COTS_PER_RUN) throw new MpcError('ERR_RANGE', 'more than 2^32 COTs in one run of a pair');
    const first = (BigInt(this.direction) << 63n) | (BigInt(this.run) << 32n) | BigInt(this.used);
    this.used += n;
    return first;
  }
}

/**
 * a ^= b, bytewise (32-bit words where both are aligned, four per turn: about twice the speed of
 * one per turn in V8; SoftSpokenOT's sums spend most of their time here).
 */
export function xorInto(a: Uint8Array, b: Uint8Array): void {
  const n = a.length;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && n % 4 === 0) {
    const words = n >> 2;
    const aw = new Int32Array(a.buffer, a.byteOffset, words);
    const bw = new Int32Array(b.buffer, b.byteOffset, words);
    let i = 0;
    for (; i + 4 <= words; i += 4) {
      aw[i]! ^= bw[i]!;
      aw[i + 1]! ^= bw[i + 1]!;
      aw[i + 2]! ^= bw[i + 2]!;
      aw[i + 3]! ^= bw[i + 3]!;
    }
    for (; i < words; i++) aw[i]! ^= bw[i]!;
    return;
  }
  for (let i = 0; i < n; i++) a[i]! ^= b[i]!;
}
