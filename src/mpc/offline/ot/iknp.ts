/**
 * IKNP OT extension (Ishai–Kilian–Nissim–Petrank, CRYPTO 2003; the random/correlated form of
 * ALSZ, CCS 2013), semi-honest, behind the random-COT interface of preprocessing.md §6.
 *
 * Roles are the base OTs' reversed: the extension SENDER was the base-OT receiver with choice
 * bits s (its Δ) and holds k_i^(s_i); the extension RECEIVER was the base-OT sender and holds
 * both k_i^0 and k_i^1. For n COTs with choice vector r:
 *   receiver: t^i = G(k_i^0), u^i = t^i ⊕ G(k_i^1) ⊕ r; sends u (128 rows of n bits)   16 B/COT
 *   sender:   q^i = G(k_i^(s_i)) ⊕ s_i·u^i = t^i ⊕ s_i·r
 * Transposed, column j gives the sender q_j and the receiver t_j with t_j ⊕ q_j = r_j·Δ.
 * The receiver may choose r (IKNP's u carries it at no cost) or let it be random.
 *
 * G is the engine's ChaCha PRG keyed by the base key, on the stream of this run: base OTs are
 * kept across runs (OtStore), and every run of a pair gets a new run number, so no keystream is
 * ever used twice. Hash indices: ext.ts; a COT's two messages H(q_j) and H(q_j ⊕ Δ) share its
 * index, as the TCCR definition allows (one tweak per OT).
 */
import { MpcError } from '../../errors';
import { Prg } from '../../prg/prg';
import { transpose128 } from '../../ring/bitTranspose';
import { BASE_OTS, KEY_BYTES } from './base';
import { BLOCK, checkN, IndexCounter, xorInto, type RandomCotReceiver, type RandomCotSender } from './ext';

function prgs(keys: Uint8Array, run: number): Prg[] {
  return Array.from({ length: BASE_OTS }, (_, i) => new Prg(keys.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES), run));
}

export class IknpSender implements RandomCotSender {
  private readonly g: Prg[];
  private readonly count: IndexCounter;

  /** delta: the base-OT choice bits; keys: the 128 base-OT keys k_i^(s_i), 16 bytes each. */
  constructor(
    readonly delta: Uint8Array,
    keys: Uint8Array,
    run: number,
    direction: 0 | 1,
  ) {
    this.g = prgs(keys, run);
    this.count = new IndexCounter(run, direction);
  }

  messageBytes(n: number): number {
    return (BASE_OTS * n) / 8;
  }

  extend(n: number, msg: Uint8Array): { q: Uint8Array; firstIndex: bigint } {
    checkN(n);
    const rowBytes = n / 8;
    if (msg.length !== BASE_OTS * rowBytes) {
      throw new MpcError('ERR_BAD_FRAME', `IKNP: ${msg.length} bytes from the receiver, expected ${BASE_OTS * rowBytes}`);
    }
    const rows = new Uint8Array(BASE_OTS * rowBytes);
    for (let i = 0; i < BASE_OTS; i++) {
      const row = rows.subarray(i * rowBytes, (i + 1) * rowBytes);
      this.g[i]!.fill(row);
      if ((this.delta[i >> 3]! >> (i & 7)) & 1) xorInto(row, msg.subarray(i * rowBytes, (i + 1) * rowBytes));
    }
    const q = new Uint8Array(BLOCK * n);
    transpose128(rows, n, q);
    return { q, firstIndex: this.count.take(n) };
  }
}

export class IknpReceiver implements RandomCotReceiver {
  private readonly g0: Prg[];
  private readonly g1: Prg[];
  private readonly count: IndexCounter;

  /** keys0, keys1: both base-OT keys of each of the 128 OTs; rand: for random choice bits. */
  constructor(
    keys0: Uint8Array,
    keys1: Uint8Array,
    run: number,
    direction: 0 | 1,
    private readonly rand: (out: Uint8Array) => void,
  ) {
    this.g0 = prgs(keys0, run);
    this.g1 = prgs(keys1, run);
    this.count = new IndexCounter(run, direction);
  }

  messageBytes(n: number): number {
    return (BASE_OTS * n) / 8;
  }

  extend(n: number, choices: Uint8Array | null): { msg: Uint8Array; choices: Uint8Array; t: Uint8Array; firstIndex: bigint } {
    checkN(n);
    const rowBytes = n / 8;
    let r = choices;
    if (r === null) {
      r = new Uint8Array(rowBytes);
      this.rand(r);
    } else if (r.length !== rowBytes) {
      throw new MpcError('ERR_SHAPE', `IKNP: ${r.length} bytes of choice bits for ${n} COTs`);
    }
    const rows = new Uint8Array(BASE_OTS * rowBytes);
    const msg = new Uint8Array(BASE_OTS * rowBytes);
    for (let i = 0; i < BASE_OTS; i++) {
      const t = rows.subarray(i * rowBytes, (i + 1) * rowBytes);
      const u = msg.subarray(i * rowBytes, (i + 1) * rowBytes);
      this.g0[i]!.fill(t);
      this.g1[i]!.fill(u);
      xorInto(u, t);
      xorInto(u, r);
    }
    const t = new Uint8Array(BLOCK * n);
    transpose128(rows, n, t);
    return { msg, choices: r, t, firstIndex: this.count.take(n) };
  }
}
