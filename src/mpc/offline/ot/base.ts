/**
 * Base OTs: Chou–Orlandi "Simplest OT" (LATINCRYPT 2015) over ristretto255 (@noble/curves),
 * semi-honest, 128 at a time (preprocessing.md §2.1):
 *  1. the sender picks a and sends A = a·G                                        32 bytes
 *  2. the receiver, with choice c_i, picks b_i and sends B_i = b_i·G + c_i·A       32 bytes each
 *  3. the sender's keys are k_i^0 = H(i, a·B_i) and k_i^1 = H(i, a·B_i − a·A); the receiver's
 *     key is k_i^(c_i) = H(i, b_i·A)
 * H hashes the OT index with the point, as yacl does (eprint 2021/682: an unindexed hash of the
 * point is unsafe across OTs), and also A and B_i, which binds every key to its own instance.
 * ristretto255 encodings are canonical and decoding rejects non-points, so a malformed message
 * fails here with ERR_BAD_FRAME.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { MpcError } from '../../errors';

const Point = ristretto255.Point;
type Point = InstanceType<typeof Point>;
const ORDER = Point.Fn.ORDER;

/** Base OTs per batch: one per bit of Δ. */
export const BASE_OTS = 128;
export const POINT_BYTES = 32;
export const KEY_BYTES = 16;
const KEY_LABEL = ascii('TabMPC base OT key v1');

/** The bytes of an ASCII label (src/mpc has no TextEncoder in its typings). */
export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0x7f);
}

/** A uniformly random nonzero scalar from 64 bytes of `rand`. */
export function randomScalar(rand: (out: Uint8Array) => void): bigint {
  const b = new Uint8Array(64);
  for (;;) {
    rand(b);
    let x = 0n;
    for (let i = 63; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
    x %= ORDER;
    if (x !== 0n) return x;
  }
}

function decodePoint(bytes: Uint8Array, what: string): Point {
  try {
    return Point.fromBytes(bytes);
  } catch (err) {
    throw new MpcError('ERR_BAD_FRAME', `${what} is not a ristretto255 point`, { cause: err });
  }
}

function basePointTimes(s: bigint): Point {
  return Point.BASE.multiply(s);
}

/** The public point s·G, encoded (32 bytes). */
export function publicPoint(s: bigint): Uint8Array {
  return basePointTimes(s).toBytes();
}

function key(i: number, A: Uint8Array, B: Uint8Array, point: Point, out: Uint8Array, o: number): void {
  const h = blake3.create({ dkLen: KEY_BYTES });
  const idx = new Uint8Array(8);
  new DataView(idx.buffer).setUint32(0, i, true);
  h.update(KEY_LABEL).update(idx).update(A).update(B).update(point.toBytes());
  out.set(h.digest(), o);
}

/** Step 1, the sender: a and A = a·G. */
export function baseOtSenderStart(rand: (out: Uint8Array) => void): { a: bigint; A: Uint8Array } {
  const a = randomScalar(rand);
  return { a, A: basePointTimes(a).toBytes() };
}

/**
 * Step 2, the receiver: for choices (128 bits, bit i = byte i>>3, bit i&7), the message of 128
 * points for the sender and the 128 keys k_i^(c_i), 16 bytes each.
 */
export function baseOtReceive(A: Uint8Array, choices: Uint8Array, rand: (out: Uint8Array) => void): { msg: Uint8Array; keys: Uint8Array } {
  // 128 products by the same A: a window table makes each about as cheap as a fixed-base one
  const Ap = decodePoint(A, 'base OT: the sender\'s A').precompute(8);
  const msg = new Uint8Array(BASE_OTS * POINT_BYTES);
  const keys = new Uint8Array(BASE_OTS * KEY_BYTES);
  for (let i = 0; i < BASE_OTS; i++) {
    const b = randomScalar(rand);
    let B = basePointTimes(b);
    if ((choices[i >> 3]! >> (i & 7)) & 1) B = B.add(Ap);
    const Bb = B.toBytes();
    msg.set(Bb, i * POINT_BYTES);
    key(i, A, Bb, Ap.multiply(b), keys, i * KEY_BYTES);
  }
  return { msg, keys };
}

/** Step 3, the sender: both keys of every OT from the receiver's message. */
export function baseOtSenderFinish(a: bigint, A: Uint8Array, msg: Uint8Array): { keys0: Uint8Array; keys1: Uint8Array } {
  if (msg.length !== BASE_OTS * POINT_BYTES) {
    throw new MpcError('ERR_BAD_FRAME', `base OT: ${msg.length} bytes of points, expected ${BASE_OTS * POINT_BYTES}`);
  }
  const aA = decodePoint(A, 'base OT: own A').multiply(a);
  const keys0 = new Uint8Array(BASE_OTS * KEY_BYTES);
  const keys1 = new Uint8Array(BASE_OTS * KEY_BYTES);
  for (let i = 0; i < BASE_OTS; i++) {
    const Bb = msg.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES);
    const aB = decodePoint(Bb, `base OT: the receiver's B_${i}`).multiply(a);
    key(i, A, Bb, aB, keys0, i * KEY_BYTES);
    key(i, A, Bb, aB.subtract(aA), keys1, i * KEY_BYTES);
  }
  return { keys0, keys1 };
}

/**
 * A ristretto255 Diffie–Hellman key agreement: the shared secret of own scalar x and the peer's
 * public point, hashed with both public points in a fixed order (lower party index first) and a
 * label, to `bytes` bytes.
 */
export function dhSecret(x: bigint, mine: Uint8Array, theirs: Uint8Array, meFirst: boolean, label: string, bytes: number): Uint8Array {
  const shared = decodePoint(theirs, 'key agreement: the peer\'s public point').multiply(x);
  const h = blake3.create({ dkLen: bytes });
  h.update(ascii(label));
  if (meFirst) h.update(mine).update(theirs);
  else h.update(theirs).update(mine);
  return h.update(shared.toBytes()).digest();
}
