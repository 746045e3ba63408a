/**
 * The glossary: the precise terms the page uses, each in plain words first. The page shows plain
 * words and links a term here (Term in Glossary.tsx); a projector can show the entry.
 */

export interface GlossaryEntry {
  /** The term as the page writes it. */
  readonly term: string;
  /** What it means, in plain words, for a student who has not met it. */
  readonly plain: string;
  /** The precise statement, for whoever wants it. */
  readonly precise?: string;
}

export const GLOSSARY = {
  share: {
    term: 'Share',
    plain: 'A piece of a secret. Each tab holds one piece; every piece on its own looks like a random number, and only all pieces added together give the secret back.',
    precise: 'An additive share: x = x₀ + x₁ + … (mod 2^k), each xᵢ uniformly random given the others.',
  },
  round: {
    term: 'Round',
    plain: 'One exchange between the tabs: each tab sends one message to each other tab and waits for theirs before it can go on. Rounds, not bytes, usually set the pace, because each costs at least one network delay.',
    precise: 'One batched all-to-all exchange of the scheduler; every operation ready at the same depth of the graph travels in it.',
  },
  'beaver-triple': {
    term: 'Beaver triple',
    plain: 'Three random numbers a, b and c = a·b, shared among the tabs before the computation. With them the tabs can multiply two secrets by opening only masked differences, which reveal nothing.',
    precise: 'To multiply [x]·[y]: open d = x − a and e = y − b (one round), then [z] = [c] + d·[b] + e·[a] + d·e (à la Beaver 1991).',
  },
  'payload-bytes': {
    term: 'Payload bytes',
    plain: 'The bytes the protocol itself needs to send: the masked numbers. This is what SecretFlow SPU counts, so the figures can be compared with its tables.',
  },
  'frame-bytes': {
    term: 'Frame bytes',
    plain: 'Payload bytes plus the small header this app adds to each message (which run, which round, which operation owns which part).',
  },
  opening: {
    term: 'Opening',
    plain: 'The tabs send each other their shares of a value so that every tab learns the value itself. At the end of a run the result is opened; during the run only masked values are.',
  },
  'fixed-point': {
    term: 'Fixed point',
    plain: 'How a number with a fraction becomes a whole number the protocol can compute on: multiply it by 2^f and round. With f = 26 fraction bits, 1.5 becomes 1.5 · 2^26 = 100,663,296.',
    precise: 'X = round(x · 2^f) in two’s complement; f = 18 on FM64 and 26 on FM128 (SPU’s defaults).',
  },
  ring: {
    term: 'Ring (FM64, FM128)',
    plain: 'The size of the numbers the tabs compute with: FM64 means 64-bit numbers, FM128 means 128-bit numbers, and arithmetic wraps around at the top like a clock. FM128 leaves room for more precision and larger values; each number takes twice the bytes.',
    precise: 'Shares live in Z_2^64 or Z_2^128; every addition and multiplication is mod 2^k.',
  },
  truncation: {
    term: 'Truncation',
    plain: 'After multiplying two fixed-point numbers the result has twice the fraction bits; truncation shifts them back. On shares this needs care (and usually a round), because each tab only holds a piece.',
    precise: 'trunc_a: [x] → [x / 2^f], probabilistic (off by at most one unit in the last place).',
  },
  comparison: {
    term: 'Comparison',
    plain: 'Finding out whether a secret is below a bound without learning the secret. It is the expensive part: the tabs must work on the bits of the number, several rounds in a row.',
    precise: 'The most significant bit of [x − bound] by a binary adder over the parties’ shares (msb_a).',
  },
  'kogge-stone': {
    term: 'Kogge–Stone adder',
    plain: 'A way to add numbers bit by bit in few steps: carries are worked out in a tree instead of one after the other, so 128 bits take 8 rounds instead of 128.',
    precise: 'A parallel-prefix adder of depth log₂(k): each level combines generate/propagate pairs of spans twice as long.',
  },
  clamp: {
    term: 'Clamp and valid range',
    plain: 'A method is accurate only for x in some range; outside it the answer would be wrong. A clamp replaces x below (or above) the bound by the bound itself, so the result stays sensible; the valid range is where the error stays within the method’s tolerance.',
    precise: 'lower clamp: max(x, lo) by a comparison and a select (about 10 rounds per bound with SPU’s kernels).',
  },
  'relative-error': {
    term: 'Relative error',
    plain: 'How far the secure result is from the exact Math.exp(x), as a fraction of the exact value: 0.001 means off by 0.1 %.',
    precise: '|y − eˣ| / eˣ.',
  },
  'trust-ot': {
    term: 'Trust model “ot”',
    plain: 'The tabs make their Beaver triples themselves, by oblivious transfers, before the computation. No tab and no server learns anything but the result, as long as each tab follows the protocol. It costs an extra offline phase.',
    precise: 'Semi-honest, dishonest majority; correlated randomness by OT extension (SoftSpokenOT or IKNP).',
  },
  'trust-tfp': {
    term: 'Trust model “tfp” (trusted first party)',
    plain: 'Party 0 hands out the Beaver triples. It is fast and needs no offline phase, but party 0 could learn every secret: a demonstration model, the one SecretFlow SPU uses by default.',
    precise: 'Every party sends its PRG seed to party 0, which derives the correlated randomness.',
  },
  'oblivious-transfer': {
    term: 'Oblivious transfer',
    plain: 'A sender offers two messages; the receiver gets exactly one of them, and the sender does not learn which. Many of them together let two tabs make Beaver triples without a trusted helper.',
  },
  'semi-honest': {
    term: 'Semi-honest',
    plain: 'The security promise holds if every tab runs the protocol as written, even if it tries to learn more from what it sees. A tab that sends wrong numbers on purpose is not defended against.',
  },
  batching: {
    term: 'Batching',
    plain: 'Sending everything that is ready at the same moment in one round, instead of one round per operation. It leaves the bytes alone and cuts the number of rounds.',
  },
  profile: {
    term: 'Profile (fast, spu2024)',
    plain: 'Which versions of the building blocks a run uses: “spu2024” copies SecretFlow SPU’s as measured, so bytes and rounds match its tables; “fast” uses the cheapest this app knows.',
  },
  latency: {
    term: 'Latency and round trip',
    plain: 'Latency is how long one message takes to arrive; a round trip is there and back. Every round costs at least one latency, so on a slow network the number of rounds sets the time.',
  },
  bandwidth: {
    term: 'Bandwidth',
    plain: 'How many bytes per second a link carries. Large messages take size ÷ bandwidth to go through, on top of the latency.',
  },
  turn: {
    term: 'STUN and TURN',
    plain: 'Helpers for tabs on different networks: a STUN server tells a tab its public address, a TURN server relays the traffic when no direct link can be made. Tabs on one machine need neither.',
  },
  'worker-pacing': {
    term: 'Worker pacing',
    plain: 'On a machine with few processor cores, the computing worker pauses briefly now and then so that the page and the browser’s network stay responsive. The pauses are measured and shown; they add to the time, not to the bytes.',
  },
} as const satisfies Record<string, GlossaryEntry>;

export type GlossaryId = keyof typeof GLOSSARY;

export const GLOSSARY_IDS = Object.keys(GLOSSARY) as GlossaryId[];

/** Phrases of running text that have a glossary entry (the first match of each is linked). */
const PHRASES: readonly (readonly [RegExp, GlossaryId])[] = [
  [/Kogge–Stone( adders?)?/, 'kogge-stone'],
  [/Beaver (triples?|multiplication)/, 'beaver-triple'],
  [/\btruncation\b|\brescales?\b/i, 'truncation'],
  [/\bfixed[- ]point\b/i, 'fixed-point'],
  [/\boblivious transfers?\b/i, 'oblivious-transfer'],
  [/\bclamps?\b/i, 'clamp'],
  [/\bFM(64|128)\b/, 'ring'],
  [/\bshares\b/, 'share'],
];

/** A piece of running text, linked to a glossary entry or not. */
export interface TextPart {
  readonly text: string;
  readonly id?: GlossaryId;
}

/** Split running text at its glossary phrases, the first of each term only; the parts join back to the text. */
export function splitTerms(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let rest = text;
  const used = new Set<GlossaryId>();
  for (;;) {
    let first: { at: number; length: number; id: GlossaryId } | null = null;
    for (const [re, id] of PHRASES) {
      if (used.has(id)) continue;
      const m = re.exec(rest);
      if (m && (first === null || m.index < first.at)) first = { at: m.index, length: m[0].length, id };
    }
    if (!first) break;
    used.add(first.id);
    if (first.at > 0) parts.push({ text: rest.slice(0, first.at) });
    parts.push({ text: rest.slice(first.at, first.at + first.length), id: first.id });
    rest = rest.slice(first.at + first.length);
  }
  if (rest) parts.push({ text: rest });
  return parts;
}
