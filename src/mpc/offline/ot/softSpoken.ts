/**
 * SoftSpokenOT (Roy, CRYPTO 2022, eprint 2022/192), semi-honest, with the repetition code, behind
 * the same random-COT interface as IKNP: 128/k bits on the wire per COT instead of 128 (k = 4:
 * 32 bits; preprocessing.md §2.2). yacl's softspoken_ote has the same structure.
 *
 * The 128 base OTs form m = ⌈128/k⌉ groups of k or k − 1 (k = 4, 8: 32 or 16 groups of k; k = 7: 14
 * groups of 7 and 5 of 6), one bit on the wire per group and COT. Each group is its own small-field
 * VOLE of the paper, and the receiver's vector r is the same in all (the repetition code), so groups
 * of unequal size change nothing in the argument: Δ is still the 128 base-OT choice bits (NOT), every
 * d_i is still masked by the PRG of the leaf its sender lacks, and the correlation t ⊕ q = r·Δ holds
 * row by row (libOTe's SoftSpokenOT lets the last group be smaller the same way; preprocessing.md
 * §2.2). Group i gives an all-but-one OT of 2^k_i seeds by a
 * GGM tree of depth k (the "punctured PRF"): the COT receiver (the base-OT sender, who knows both
 * keys) grows the tree from a root seed and sends, for every level, the XOR of the left children
 * and the XOR of the right children, each masked by a hash of the base-OT key of that side; the
 * COT sender, whose base-OT choices are s, unmasks the side s_ℓ at every level and so learns every
 * leaf but the one at α_i = NOT s (bits of group i). Its Δ is therefore NOT(base-OT choices).
 *
 * Per extension of n COTs, for each group i (G = the PRG on the run's stream, x ∈ {0,1}^k):
 *   receiver: u_i = ⊕_x G(s_x), V_i = ⊕_x x·G(s_x)          (k rows of n bits, summed up a binary
 *             tree: 2·(2^k − 1) row XORs instead of 2^k·(1 + k/2); sumTree below)
 *   sender:   W_i = ⊕_(x≠α_i) (x ⊕ α_i)·G(s_x) = V_i ⊕ u_i·α_i
 * a small-field VOLE with the receiver's bits u_i. The receiver sends d_i = u_i ⊕ r for the choice
 * vector r (r = u_0 and d_0 = 0 when r is random; d_0 is sent anyway, so that the length does not
 * depend on it), the sender adds d_i·α_i: W_i = V_i ⊕ r·α_i.
 * The 128 rows of W (sender) and V (receiver), transposed, are q_j and t_j with t_j ⊕ q_j = r_j·Δ.
 *
 * The GGM root is a hash of all the receiver's base-OT keys of the group (which the sender does not
 * all know), so the tree is the same in every run of the pair and the base OTs are all the state
 * kept; the level sums go with the first extension of every run (2·k_i·16 bytes per group, 4 KiB).
 * PRG streams and hash indices per run are as IKNP's (iknp.ts, ext.ts).
 */
import { blake3 } from '@noble/hashes/blake3.js';
import { MpcError } from '../../errors';
import { Prg } from '../../prg/prg';
import { transpose128 } from '../../ring/bitTranspose';
import { ascii, BASE_OTS, KEY_BYTES } from './base';
import { BLOCK, checkN, IndexCounter, xorInto, type RandomCotReceiver, type RandomCotSender } from './ext';

const SEED = 16;
const ROOT_LABEL = ascii('TabMPC SoftSpoken GGM root v1');
const NODE_LABEL = ascii('TabMPC SoftSpoken GGM node v1');
const MASK_LABEL = ascii('TabMPC SoftSpoken GGM mask v1');

/**
 * The group sizes for k: ⌈128/k⌉ groups as equal as can be (k or k − 1 base OTs each, the larger
 * first), which for a given number of groups (bits per COT) makes the fewest PRG rows, Σ 2^k_i.
 */
export function groupSizes(k: number): number[] {
  if (!(Number.isInteger(k) && k >= 1 && k <= 8)) throw new MpcError('ERR_UNSUPPORTED', `SoftSpokenOT needs k in 1..8, got ${k}`);
  const m = Math.ceil(BASE_OTS / k);
  const small = Math.floor(BASE_OTS / m);
  const large = BASE_OTS - small * m;
  return Array.from({ length: m }, (_, i) => (i < large ? small + 1 : small));
}

/** Where each group's base OTs start: the sum of the sizes before it. */
function offsetsOf(sizes: readonly number[]): number[] {
  let o = 0;
  return sizes.map((k) => ((o += k), o - k));
}

/**
 * XOR every leaf row G(s_x), x = 0..2^k − 1, into rows[j] for each bit j set in x, and return their
 * sum (u): a binary tree over x, walked leaf by leaf with one partial sum per level. The right
 * child at level j is the sum of the leaves of its block with bit j set, so it goes into rows[j]
 * before it joins its parent: 2 row XORs per inner node. fill(x, out) writes leaf x (or zeros).
 * The k + 2 row buffers come from `scratch` (shared by the groups of one extension, so no garbage
 * per group); the sum returned is one of them, valid until the next call.
 */
function sumTree(k: number, scratch: readonly Uint8Array[], fill: (x: number, out: Uint8Array) => void, rows: (j: number) => Uint8Array): Uint8Array {
  // partial[j]: the sum of the left block of size 2^j waiting for its right sibling
  const partial: Uint8Array[] = scratch.slice(0, k + 1);
  let cur: Uint8Array = scratch[k + 1]!;
  for (let x = 0; x < 1 << k; x++) {
    fill(x, cur);
    let j = 0;
    while (j < k && (x >> j) & 1) {
      xorInto(rows(j), cur);
      const left = partial[j]!;
      xorInto(left, cur);
      partial[j] = cur; // reuse the right child's buffer
      cur = left;
      j++;
    }
    if (j === k) return cur;
    const spare = partial[j]!;
    partial[j] = cur;
    cur = spare;
  }
  throw new MpcError('ERR_RANGE', 'unreachable: the tree ends at its last leaf');
}

/** Row buffers for sumTree on groups of up to k base OTs. */
function scratchRows(k: number, rowBytes: number): Uint8Array[] {
  return Array.from({ length: k + 2 }, () => new Uint8Array(rowBytes));
}

/** The two children of a GGM node. */
function expand(node: Uint8Array): [Uint8Array, Uint8Array] {
  const h = blake3.create({ dkLen: 2 * SEED }).update(NODE_LABEL).update(node).digest();
  return [h.subarray(0, SEED), h.subarray(SEED)];
}

/** The mask of a level sum: a hash of the base-OT key of that side, with its OT index. */
function mask(key: Uint8Array, ot: number, side: number): Uint8Array {
  const tag = new Uint8Array([ot & 0xff, ot >> 8, side]);
  return blake3.create({ dkLen: SEED }).update(MASK_LABEL).update(tag).update(key).digest();
}

function bitOf(b: Uint8Array, i: number): number {
  return (b[i >> 3]! >> (i & 7)) & 1;
}

function key(keys: Uint8Array, i: number): Uint8Array {
  return keys.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
}

export class SoftSpokenReceiver implements RandomCotReceiver {
  /** leaves[i][x]: the PRG of leaf x of group i. */
  private readonly leaves: Prg[][];
  private readonly sums: Uint8Array;
  private sumsSent = false;
  private readonly count: IndexCounter;
  private readonly m: number;
  private readonly sizes: number[];
  private readonly offsets: number[];

  constructor(
    k: number,
    keys0: Uint8Array,
    keys1: Uint8Array,
    run: number,
    direction: 0 | 1,
    private readonly rand: (out: Uint8Array) => void,
  ) {
    this.sizes = groupSizes(k);
    this.offsets = offsetsOf(this.sizes);
    this.m = this.sizes.length;
    this.count = new IndexCounter(run, direction);
    this.sums = new Uint8Array(BASE_OTS * 2 * SEED);
    this.leaves = [];
    for (let i = 0; i < this.m; i++) {
      const ki = this.sizes[i]!, off = this.offsets[i]!;
      const h = blake3.create({ dkLen: SEED }).update(ROOT_LABEL);
      for (let l = 0; l < ki; l++) h.update(key(keys0, off + l)).update(key(keys1, off + l));
      let level: Uint8Array[] = [h.digest()];
      for (let l = 0; l < ki; l++) {
        const next: Uint8Array[] = [];
        for (const node of level) next.push(...expand(node));
        const ot = off + l;
        for (let side = 0; side < 2; side++) {
          const sum = new Uint8Array(SEED);
          for (let p = side; p < next.length; p += 2) xorInto(sum, next[p]!);
          xorInto(sum, mask(key(side ? keys1 : keys0, ot), ot, side));
          this.sums.set(sum, (2 * ot + side) * SEED);
        }
        level = next;
      }
      // leaf index p has its level-ℓ branch bit at position k − ℓ; as a vector x, bit ℓ − 1
      this.leaves.push(Array.from({ length: 1 << ki }, (_, x) => new Prg(level[reverseBits(x, ki)]!, run)));
    }
  }

  messageBytes(n: number): number {
    return (this.sumsSent ? 0 : this.sums.length) + (this.m * n) / 8;
  }

  extend(n: number, choices: Uint8Array | null): { msg: Uint8Array; choices: Uint8Array; t: Uint8Array; firstIndex: bigint } {
    checkN(n);
    const { m } = this;
    const rowBytes = n / 8;
    if (choices !== null && choices.length !== rowBytes) throw new MpcError('ERR_SHAPE', `SoftSpokenOT: ${choices.length} bytes of choice bits for ${n} COTs`);
    const head = this.sumsSent ? 0 : this.sums.length;
    const msg = new Uint8Array(head + m * rowBytes);
    if (!this.sumsSent) msg.set(this.sums, 0);
    this.sumsSent = true;
    const rows = new Uint8Array(BASE_OTS * rowBytes);
    const scratch = scratchRows(this.sizes[0]!, rowBytes);
    let r = choices;
    for (let i = 0; i < m; i++) {
      const leaves = this.leaves[i]!, off = this.offsets[i]!;
      const u = sumTree(this.sizes[i]!, scratch, (x, out) => leaves[x]!.fill(out), (j) => rows.subarray((off + j) * rowBytes, (off + j + 1) * rowBytes));
      if (r === null) r = u.slice(); // random choices: r = u_0, and d_0 = 0 is not sent
      if (i > 0 || choices !== null) {
        const d = msg.subarray(head + i * rowBytes, head + (i + 1) * rowBytes);
        d.set(u);
        xorInto(d, r);
      }
    }
    const t = new Uint8Array(BLOCK * n);
    transpose128(rows, n, t);
    void this.rand;
    return { msg, choices: r!, t, firstIndex: this.count.take(n) };
  }
}

export class SoftSpokenSender implements RandomCotSender {
  /** Δ = NOT(base-OT choices). */
  readonly delta: Uint8Array;
  /** known[i][x]: the PRG of leaf x of group i, null at the punctured leaf α_i. */
  private known: (Prg | null)[][] | null = null;
  private readonly count: IndexCounter;
  private readonly m: number;
  private readonly sizes: number[];
  private readonly offsets: number[];

  /** choices: the base-OT choice bits; keys: the base-OT keys k_i^(s_i). */
  constructor(
    k: number,
    private readonly choices: Uint8Array,
    private readonly keys: Uint8Array,
    private readonly run: number,
    direction: 0 | 1,
  ) {
    this.sizes = groupSizes(k);
    this.offsets = offsetsOf(this.sizes);
    this.m = this.sizes.length;
    this.delta = choices.map((b) => ~b & 0xff);
    this.count = new IndexCounter(run, direction);
  }

  messageBytes(n: number): number {
    return (this.known ? 0 : BASE_OTS * 2 * SEED) + (this.m * n) / 8;
  }

  /** Rebuild every leaf but α_i of each group from the receiver's level sums. */
  private learn(sums: Uint8Array): void {
    this.known = [];
    for (let i = 0; i < this.m; i++) {
      const k = this.sizes[i]!, off = this.offsets[i]!;
      // level ℓ: all nodes but the path node, by index (null = unknown)
      let level: (Uint8Array | null)[] = [null];
      let path = 0;
      for (let l = 0; l < k; l++) {
        const ot = off + l;
        const s = bitOf(this.choices, ot);
        const next: (Uint8Array | null)[] = [];
        for (const node of level) next.push(...(node ? expand(node) : [null, null]));
        const sum = sums.slice((2 * ot + s) * SEED, (2 * ot + s + 1) * SEED);
        xorInto(sum, mask(key(this.keys, ot), ot, s));
        for (let p = s; p < next.length; p += 2) if (next[p]) xorInto(sum, next[p]!);
        next[2 * path + s] = sum; // the off-path child
        path = 2 * path + (1 - s); // α's branch: NOT s
        level = next;
      }
      this.known.push(Array.from({ length: 1 << k }, (_, x) => {
        const node = level[reverseBits(x, k)];
        return node ? new Prg(node, this.run) : null;
      }));
    }
  }

  extend(n: number, msg: Uint8Array): { q: Uint8Array; firstIndex: bigint } {
    checkN(n);
    const { m } = this;
    const rowBytes = n / 8;
    if (msg.length !== this.messageBytes(n)) throw new MpcError('ERR_BAD_FRAME', `SoftSpokenOT: ${msg.length} bytes from the receiver, expected ${this.messageBytes(n)}`);
    let head = 0;
    if (!this.known) {
      head = BASE_OTS * 2 * SEED;
      this.learn(msg.subarray(0, head));
    }
    const rows = new Uint8Array(BASE_OTS * rowBytes);
    const scratch = scratchRows(this.sizes[0]!, rowBytes);
    for (let i = 0; i < m; i++) {
      const k = this.sizes[i]!, off = this.offsets[i]!;
      let alpha = 0;
      for (let j = 0; j < k; j++) alpha |= bitOf(this.delta, off + j) << j;
      const leaves = this.known![i]!;
      const row = (j: number) => rows.subarray((off + j) * rowBytes, (off + j + 1) * rowBytes);
      // W_i = ⊕_y y·G(s_(y ⊕ α)) over y = x ⊕ α: the receiver's tree with the unknown leaf (y = 0) as zeros
      sumTree(k, scratch, (y, out) => (y === 0 ? out.fill(0) : leaves[y ^ alpha]!.fill(out)), row);
      // d_i·α_i (d_0 is zero when the receiver's choices are random)
      const d = msg.subarray(head + i * rowBytes, head + (i + 1) * rowBytes);
      for (let j = 0; j < k; j++) if ((alpha >> j) & 1) xorInto(row(j), d);
    }
    const q = new Uint8Array(BLOCK * n);
    transpose128(rows, n, q);
    return { q, firstIndex: this.count.take(n) };
  }
}

/** The leaf index (branch bit of level ℓ at position k − ℓ) of the vector x (bit ℓ − 1), and back. */
function reverseBits(x: number, k: number): number {
  let r = 0;
  for (let j = 0; j < k; j++) r |= ((x >> j) & 1) << (k - 1 - j);
  return r;
}
