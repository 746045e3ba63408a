/**
 * What each operation's message carries, in the words a teacher would write on a packet drawn on
 * the board: `what` names the values (as the kernel's own comments name them), `why` the step of
 * the protocol they serve. Keyed by the graph node names the engine records; a unit test checks
 * that every kernel that sends has words here, so no packet appears unlabelled.
 */

export interface PacketWords {
  /** The values in the packet, e.g. 'e = x − a, d = y − b'. */
  readonly what: string;
  /** The protocol step they serve, e.g. 'Beaver multiplication'. */
  readonly why: string;
}

const CARRY_BITS = 'masked bits e = x ⊕ a, d = y ⊕ b of the adder’s ANDs';

const WORDS: Readonly<Record<string, PacketWords>> = {
  a2p: { what: 'its share of the result', why: 'opening the result' },
  mul_aa: { what: 'masked differences e = x − a, d = y − b', why: 'Beaver multiplication' },
  square_a: { what: 'masked difference e = x − a', why: 'Beaver squaring' },
  trunc_a: { what: 'masked value c = x + r', why: 'truncation (rescaling)' },
  and_bb: { what: 'masked bits e = x ⊕ a, d = y ⊕ b', why: 'Beaver AND' },
  msb_a2b: { what: 'masked bits e = x ⊕ a, d = y ⊕ b of the carry tree’s ANDs', why: 'comparison (sign bit)' },
  msb_bounded: { what: 'masked bits e = x ⊕ a, d = y ⊕ b of the carry tree’s ANDs', why: 'comparison of a bounded value' },
  a2b: { what: CARRY_BITS, why: 'arithmetic to boolean shares' },
  a2b_low32: { what: CARRY_BITS, why: 'low 32 bits to boolean shares' },
  b2a: { what: 'masked bits c = x ⊕ r', why: 'boolean to arithmetic shares' },
  b2a_bit: { what: 'masked bit c = x ⊕ r', why: 'one bit to arithmetic' },
  mul_priv: { what: 'masked private value u + a', why: 'private × private multiplication' },
  mul_priv_gf: { what: 'masked private value u + a in GF(2^127 − 1)', why: 'private multiplication in a prime field' },
  mul_priv_bits: { what: 'masked private bits u ⊕ a', why: 'private bit multiplication' },
  mul_a1b: { what: 'two masked private products', why: 'select by a shared bit' },
  // the setup and offline phase (never in an online round, listed so that no name is unlabelled)
  setup_dealer_seeds: { what: 'a random seed', why: 'seeding the trusted first party' },
  setup_prss_seeds: { what: 'a random seed', why: 'pairwise seeds for zero sharings' },
  setup_ot_hello: { what: 'a public key', why: 'key agreement' },
  setup_base_ot: { what: 'public keys (curve points)', why: 'base oblivious transfers' },
  ot_extend: { what: 'the extension’s masked message', why: 'oblivious transfer extension' },
  ot_correct: { what: 'short corrections', why: 'Beaver material from oblivious transfers' },
};

/** The words for an operation, or null if it has none. */
export function packetWords(op: string): PacketWords | null {
  return Object.hasOwn(WORDS, op) ? WORDS[op]! : null;
}
