/**
 * SoftSpokenOT (Roy, CRYPTO 2022, eprint 2022/192), semi-honest, with the repetition code, behind
 * the same random-COT interface as IKNP: 128/k bits on the wire per COT instead of 128 (k = 4:
 * 32 bits; preprocessing.md §2.2). yacl's softspoken_ote has the same structure.
 *
 * The 128 base OTs form m = 128/k groups of k. Group i gives an all-but-one OT of 2^k seeds by a
 * GGM tree of depth k (the "punctured PRF"): the COT receiver (the base-OT sender, who knows both
 * keys) grows the tree from a root seed and sends, for every level, the XOR of the left children
 * and the XOR of the right children, each masked by a hash of the base-OT key of that side; the
 * COT sender, whose base-OT choices are s, unmasks the side s_ℓ at every level and so learns every
 * leaf but the one at α_i = NOT s (bits of group i). Its Δ is therefore NOT(base-OT choices).
 *
 * Per extension of n COTs, for each group i (G = the PRG on the run's stream, x ∈ {0,1}^k):
 *   receiver: u_i = ⊕_x G(s_x), V_i = ⊕_x x·G(s_x)          (k rows of n bits)
 *   sender:   W_i = ⊕_(x≠α_i) (x ⊕ α_i)·G(s_x) = V_i ⊕ u_i·α_i
 * a small-field VOLE with the receiver's bits u_i. The receiver sends d_i = u_i ⊕ r for the choice
 * vector r (r = u_0 and d_0 = 0 when r is random; d_0 is sent anyway, so that the length does not
 * depend on it), the sender adds d_i·α_i: W_i = V_i ⊕ r·α_i.
 * The 128 rows of W (sender) and V (receiver), transposed, are q_j and t_j with t_j ⊕ q_j = r_j·Δ.
 *
 * The GGM root is a hash of all the receiver's base-OT keys of the group (which the sender does not
 * all know), so the tree is the same in every run of the pair and the base OTs are all the state
 * kept; the level sums go with the first extension of every run (2·k·16 bytes per group, 4 KiB).
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

function checkK(k: number): void {
  if (!(Number.isInteger(k) && k >= 1 && k <= 8 && BASE_OTS % k === 0)) {
    throw new MpcError('ERR_UNSUPPORTED', `SoftSpokenOT needs k in 1, 2, 4, 8 (a divisor of 128 up to 8), got ${k}`);
  }
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

  constructor(
    private readonly k: number,
    keys0: Uint8Array,
    keys1: Uint8Array,
    run: number,
    direction: 0 | 1,
    private readonly rand: (out: Uint8Array) => void,
  ) {
    checkK(k);
    this.m = BASE_OTS / k;
    this.count = new IndexCounter(run, direction);
    this.sums = new Uint8Array(this.m * k * 2 * SEED);
    this.leaves = [];
    for (let i = 0; i < this.m; i++) {
      const h = blake3.create({ dkLen: SEED }).update(ROOT_LABEL);
      for (let l = 0; l < k; l++) h.update(key(keys0, i * k + l)).update(key(keys1, i * k + l));
      let level: Uint8Array[] = [h.digest()];
      for (let l = 0; l < k; l++) {
        const next: Uint8Array[] = [];
        for (const node of level) next.push(...expand(node));
        const ot = i * k + l;
        for (let side = 0; side < 2; side++) {
          const sum = new Uint8Array(SEED);
          for (let p = side; p < next.length; p += 2) xorInto(sum, next[p]!);
          xorInto(sum, mask(key(side ? keys1 : keys0, ot), ot, side));
          this.sums.set(sum, (2 * ot + side) * SEED);
        }
        level = next;
      }
      // leaf index p has its level-ℓ branch bit at position k − ℓ; as a vector x, bit ℓ − 1
      this.leaves.push(Array.from({ length: 1 << k }, (_, x) => new Prg(level[reverseBits(x, k)]!, run)));
    }
  }

  messageBytes(n: number): number {
    return (this.sumsSent ? 0 : this.sums.length) + (this.m * n) / 8;
  }

  extend(n: number, choices: Uint8Array | null): { msg: Uint8Array; choices: Uint8Array; t: Uint8Array; firstIndex: bigint } {
    checkN(n);
    const { k, m } = this;
    const rowBytes = n / 8;
    if (choices !== null && choices.length !== rowBytes) throw new MpcError('ERR_SHAPE', `SoftSpokenOT: ${choices.length} bytes of choice bits for ${n} COTs`);
    const head = this.sumsSent ? 0 : this.sums.length;
    const msg = new Uint8Array(head + m * rowBytes);
    if (!this.sumsSent) msg.set(this.sums, 0);
    this.sumsSent = true;
    const rows = new Uint8Array(BASE_OTS * rowBytes);
    const g = new Uint8Array(rowBytes);
    let r = choices;
    for (let i = 0; i < m; i++) {
      const u = new Uint8Array(rowBytes);
      for (let x = 0; x < 1 << k; x++) {
        this.leaves[i]![x]!.fill(g);
        xorInto(u, g);
        for (let j = 0; j < k; j++) if ((x >> j) & 1) xorInto(rows.subarray((i * k + j) * rowBytes, (i * k + j + 1) * rowBytes), g);
      }
      if (r === null) r = u; // random choices: r = u_0, and d_0 = 0 is not sent
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

  /** choices: the base-OT choice bits; keys: the base-OT keys k_i^(s_i). */
  constructor(
    private readonly k: number,
    private readonly choices: Uint8Array,
    private readonly keys: Uint8Array,
    private readonly run: number,
    direction: 0 | 1,
  ) {
    checkK(k);
    this.m = BASE_OTS / k;
    this.delta = choices.map((b) => ~b & 0xff);
    this.count = new IndexCounter(run, direction);
  }

  messageBytes(n: number): number {
    return (this.known ? 0 : this.m * this.k * 2 * SEED) + (this.m * n) / 8;
  }

  /** Rebuild every leaf but α_i of each group from the receiver's level sums. */
  private learn(sums: Uint8Array): void {
    const { k } = this;
    this.known = [];
    for (let i = 0; i < this.m; i++) {
      // level ℓ: all nodes but the path node, by index (null = unknown)
      let level: (Uint8Array | null)[] = [null];
      let path = 0;
      for (let l = 0; l < k; l++) {
        const ot = i * k + l;
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
    const { k, m } = this;
    const rowBytes = n / 8;
    if (msg.length !== this.messageBytes(n)) throw new MpcError('ERR_BAD_FRAME', `SoftSpokenOT: ${msg.length} bytes from the receiver, expected ${this.messageBytes(n)}`);
    let head = 0;
    if (!this.known) {
      head = m * k * 2 * SEED;
      this.learn(msg.subarray(0, head));
    }
    const rows = new Uint8Array(BASE_OTS * rowBytes);
    const g = new Uint8Array(rowBytes);
    for (let i = 0; i < m; i++) {
      let alpha = 0;
      for (let j = 0; j < k; j++) alpha |= bitOf(this.delta, i * k + j) << j;
      const leaves = this.known![i]!;
      for (let x = 0; x < 1 << k; x++) {
        const prg = leaves[x];
        if (!prg) continue;
        prg.fill(g);
        const y = x ^ alpha;
        for (let j = 0; j < k; j++) if ((y >> j) & 1) xorInto(rows.subarray((i * k + j) * rowBytes, (i * k + j + 1) * rowBytes), g);
      }
      // d_i·α_i (d_0 is zero when the receiver's choices are random)
      const d = msg.subarray(head + i * rowBytes, head + (i + 1) * rowBytes);
      for (let j = 0; j < k; j++) if ((alpha >> j) & 1) xorInto(rows.subarray((i * k + j) * rowBytes, (i * k + j + 1) * rowBytes), d);
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
