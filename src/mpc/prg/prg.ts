/**
 * A seeded, deterministic PRG: ChaCha12 keyed by a 128-bit seed. Two parties holding the same
 * seed and stream id draw identical values as long as they make the same sequence of calls,
 * which is what trusted-first-party randomness and PRSS rely on (spu-exp.md §8).
 *
 * Why 12 rounds and not RFC 8439's 20: the PRG expands every share mask, Beaver triple and OT
 * extension row, and its keystream was the largest single cost of a large exp (issue 16). The
 * best published attacks on ChaCha reach 7 rounds; 12 keeps a wide margin, as Rust's StdRng and
 * Google's Adiantum (XChaCha12) chose (Aumasson, "Too Much Crypto", 2019, argues 8 suffice), at
 * about 10/6 of ChaCha20's speed. SPU's PRG is AES-128-CTR: 10 rounds, a like margin.
 */
import { MpcError } from '../errors';
import { CHACHA12_DOUBLE_ROUNDS } from './chacha';
import { chachaFill } from './chachaWasm';

export const SEED_BYTES = 16;

export class Prg {
  private readonly key = new Uint32Array(8);
  private readonly nonce = new Uint32Array(3);
  /** Next unused 64-byte block; every draw starts on a fresh block, so draws never overlap. */
  private counter = 0;

  /** seed: 16 bytes; stream: separates independent streams under one seed. */
  constructor(seed: Uint8Array, stream: number) {
    if (seed.length !== SEED_BYTES) {
      throw new MpcError('ERR_SHAPE', `PRG seed must be ${SEED_BYTES} bytes, got ${seed.length}`);
    }
    // 128-bit seed in the first half of the 256-bit key; the domain label fills the rest.
    const s = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
    for (let i = 0; i < 4; i++) this.key[i] = s.getUint32(4 * i, true);
    this.key.set([0x6d706254, 0x72702d63, 0x65732d67, 0x31763a64], 4); // "Tbpmc-prg-sed:v1"
    this.nonce[0] = stream >>> 0;
  }

  /** Fill `out` with keystream bytes. */
  fill(out: Uint8Array): void {
    const blocks = Math.ceil(out.length / 64);
    if (this.counter + blocks > 0xffffffff) {
      throw new MpcError('ERR_RANGE', 'PRG stream exhausted (2^32 blocks); start a new session');
    }
    chachaFill(this.key, this.nonce, this.counter, out, CHACHA12_DOUBLE_ROUNDS);
    this.counter += blocks;
  }

  /** nWords uniformly random 64-bit words. */
  words(nWords: number): BigUint64Array {
    const w = new BigUint64Array(nWords);
    this.fill(new Uint8Array(w.buffer));
    return w;
  }
}
