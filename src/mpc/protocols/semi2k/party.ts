/**
 * One party's view of a SEMI2K session: its index, the ring and fixed-point setting, the round
 * scheduler, the correlated-randomness sources and the operation graph. Protocol functions take a
 * Party as their first argument.
 *
 * Security model: semi-honest parties. Correlated randomness from a trusted first party (trust
 * 'tfp': party 0 learns all masks) or made by the parties themselves by oblivious transfer in an
 * offline phase (trust 'ot': no party learns another's masks; src/mpc/offline).
 */
import { enforce, MpcError } from '../../errors';
import { CorrelationPool, type CorrelationRequest, type Correlations } from '../../offline/correlations';
import { OtDealer } from '../../offline/corr/otDealer';
import { OT_EXTENSION_NAMES, otSetup, OtStore, type OtExtension } from '../../offline/otSetup';
import { SEED_BYTES } from '../../prg/prg';
import { defaultFractionBits, ringOf, type Field, type Ring } from '../../ring';
import { OpGraph, type OpNode } from '../../sched/graph';
import { Scheduler, type SchedulerOptions } from '../../sched/scheduler';
import type { Transport } from '../../transport';
import { DEFAULT_PROFILE, profileOf, type Profile, type ProfileName } from './profile';
import { Prss } from './prss';
import { TfpDealer } from './tfpDealer';

export interface PartyOptions extends SchedulerOptions {
  readonly field: Field;
  /** Fraction bits of the fixed-point encoding; SPU's default for the field if absent. */
  readonly fxp?: number;
  readonly profile?: ProfileName;
  /** Fills a buffer with cryptographically random bytes (crypto.getRandomValues). */
  readonly entropy: (out: Uint8Array) => void;
  /** Who makes the correlated randomness (default 'tfp'). */
  readonly trust?: Trust;
  /** trust 'ot': base OTs kept from earlier runs, updated by this one (fresh ones if absent). */
  readonly otStore?: OtStore;
  /** trust 'ot': the OT extension (default 'iknp'); every party must use the same. */
  readonly otExtension?: OtExtension;
  /** trust 'ot': COTs per chunk and channel of the offline phase (default DEFAULT_CHUNK_COTS; tests make it small). */
  readonly otChunkCots?: number;
  /** Wraps the correlation source, e.g. to record the requests of a dry run. */
  readonly instrument?: (c: Correlations) => Correlations;
}

/**
 * 'tfp': a trusted first party (SPU's default; party 0 could learn everything, demo trust).
 * 'ot': the parties make every correlation themselves by oblivious transfer, in an offline phase.
 */
export type Trust = 'tfp' | 'ot';

/** What every scoped view of one party shares. */
type Shared = Pick<Party, 'self' | 'parties' | 'field' | 'ring' | 'fxp' | 'profile' | 'sched' | 'graph' | 'dealer' | 'prss' | 'trust' | 'offline'>;

export class Party {
  declare readonly self: number;
  declare readonly parties: number;
  declare readonly field: Field;
  declare readonly ring: Ring;
  /** Fraction bits f: a real x is encoded as round(x · 2^f). */
  declare readonly fxp: number;
  declare readonly profile: Profile;
  declare readonly sched: Scheduler;
  declare readonly graph: OpGraph;
  /** Where the correlations come from: the TFP dealer, or the pool the offline phase fills. */
  declare readonly dealer: Correlations;
  declare readonly prss: Prss;
  declare readonly trust: Trust;
  /** trust 'ot': the OT machinery and the pool it fills; null for 'tfp'. */
  declare readonly offline: { readonly dealer: OtDealer; readonly pool: CorrelationPool } | null;

  private constructor(
    s: Shared,
    /** Path of the composite operation being run, for labelling graph nodes. */
    readonly scope: string,
  ) {
    const { self, parties, field, ring, fxp, profile, sched, graph, dealer, prss, trust, offline } = s;
    Object.assign(this, { self, parties, field, ring, fxp, profile, sched, graph, dealer, prss, trust, offline });
  }

  /**
   * Set up a session over `transport`. trust 'tfp': one offline round in which every party sends
   * its dealer seed to party 0 and its PRSS seed to the previous party. trust 'ot': two offline
   * rounds of key agreement and base OTs (offline/otSetup.ts); no seed leaves its party, and the
   * correlations are made later by `preprocess`.
   */
  static async setup(transport: Transport, opts: PartyOptions): Promise<Party> {
    const { self, parties } = transport;
    enforce(
      Number.isInteger(parties) && parties >= 2 && parties <= 16,
      'ERR_PARTY_COUNT',
      `a session needs 2 to 16 parties, got ${parties}`,
    );
    enforce(self >= 0 && self < parties, 'ERR_PARTY_COUNT', `party index ${self} outside 0..${parties - 1}`);
    const ring = ringOf(opts.field);
    const fxp = opts.fxp ?? defaultFractionBits(opts.field);
    enforce(
      Number.isInteger(fxp) && fxp >= 1 && fxp <= ring.k / 2 - 8,
      'ERR_RANGE',
      `fraction bits ${fxp} out of range for ${opts.field} (1..${ring.k / 2 - 8})`,
    );
    const profile = profileOf(opts.profile ?? DEFAULT_PROFILE);
    const sched = new Scheduler(transport, opts);
    const graph = new OpGraph();
    const trust = opts.trust ?? 'tfp';
    enforce(trust === 'tfp' || trust === 'ot', 'ERR_UNSUPPORTED', `trust ${String(trust)}: supported are 'tfp' and 'ot'`);
    const instrument = opts.instrument ?? ((c: Correlations) => c);
    const shared = { self, parties, field: opts.field, ring, fxp, profile, sched, graph };

    if (trust === 'ot') {
      const extension = opts.otExtension ?? 'iknp';
      enforce(OT_EXTENSION_NAMES.includes(extension), 'ERR_UNSUPPORTED', `OT extension ${String(extension)}: supported are ${OT_EXTENSION_NAMES.map((e) => `'${e}'`).join(', ')}`);
      const ot = await otSetup(sched, graph, opts.entropy, opts.otStore ?? new OtStore(), extension).catch((err: unknown) => {
        sched.abort(err);
        throw err;
      });
      const pool = new CorrelationPool();
      const offline = { dealer: new OtDealer(self, parties, ring, ot.values, ot.cots, opts.otChunkCots), pool };
      const prss = new Prss(ot.prssSelf, ot.prssNext, self, parties);
      return new Party({ ...shared, dealer: instrument(pool), prss, trust, offline }, '');
    }

    const dealerSeed = new Uint8Array(SEED_BYTES);
    const prssSeed = new Uint8Array(SEED_BYTES);
    opts.entropy(dealerSeed);
    opts.entropy(prssSeed);
    const prev = (self + parties - 1) % parties;
    const next = (self + 1) % parties;

    const seedNode = graph.add('setup_dealer_seeds', 'setup', 1, []);
    const prssNode = graph.add('setup_prss_seeds', 'setup', 1, []);
    const none = (): (Uint8Array | null)[] => new Array<Uint8Array | null>(parties).fill(null);
    const dealerOut = none();
    const dealerExpect = new Array<number>(parties).fill(0);
    if (self === 0) dealerExpect.fill(SEED_BYTES);
    else dealerOut[0] = dealerSeed;
    const prssOut = none();
    prssOut[prev] = prssSeed;
    const prssExpect = new Array<number>(parties).fill(0);
    prssExpect[next] = SEED_BYTES;

    const [dealerIn, prssIn] = await Promise.all([
      sched.exchange({ node: seedNode, out: dealerOut, expect: dealerExpect, phase: 'offline' }),
      sched.exchange({ node: prssNode, out: prssOut, expect: prssExpect, phase: 'offline' }),
    ]);
    const allSeeds = self === 0 ? dealerIn.map((s, j) => (j === 0 ? dealerSeed : s)) : null;
    const dealer = new TfpDealer(self, ring, dealerSeed, allSeeds);
    const prss = new Prss(prssSeed, prssIn[next]!, self, parties);
    return new Party({ ...shared, dealer: instrument(dealer), prss, trust, offline: null }, '');
  }

  /**
   * The offline phase (trust 'ot'): make the correlations `requests` lists, in bulk, through the
   * scheduler's offline rounds; the online phase then takes them in this order. Nothing to do for
   * trust 'tfp'. Fails, and aborts the session, like any exchange (ERR_PEER_GONE, ERR_ABORTED...).
   */
  async preprocess(requests: readonly CorrelationRequest[]): Promise<void> {
    if (!this.offline) return;
    const { dealer, pool } = this.offline;
    try {
      const values = await dealer.generate(this.sched, this.graph, requests);
      requests.forEach((r, i) => pool.add(r, values[i]!));
    } catch (err) {
      this.sched.abort(err);
      throw err;
    }
  }

  /** The same party, labelling the operations it runs with `label` under the current scope. */
  scoped(label: string): Party {
    return new Party(this, this.scope ? `${this.scope}/${label}` : label);
  }

  /** Record an operation in the graph. */
  node(name: string, n: number, parents: readonly number[]): OpNode {
    return this.graph.add(name, this.scope, n, parents);
  }

  /**
   * Send `bytes` to every peer and receive the same number of bytes from each (one collective).
   * `bytes` must not change afterwards unless `rewritesOut` (the scheduler then sends a copy).
   */
  allGather(node: OpNode, bytes: Uint8Array, rewritesOut = false): Promise<Uint8Array[]> {
    const out = new Array<Uint8Array | null>(this.parties).fill(bytes);
    out[this.self] = null;
    const expect = new Array<number>(this.parties).fill(bytes.length);
    expect[this.self] = 0;
    return this.sched.exchange({ node, out, expect, rewritesOut });
  }

  /** Throw ERR_PARTY_COUNT unless the session has exactly `n` parties. */
  requireParties(n: number, op: string): void {
    if (this.parties !== n) {
      throw new MpcError('ERR_PARTY_COUNT', `${op} is a ${n}-party protocol; this session has ${this.parties} parties`);
    }
  }
}
