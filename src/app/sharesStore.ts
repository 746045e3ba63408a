/**
 * The share inspector's data: the shares that parties chose to reveal for the last run. Kept
 * here, outside the zustand stores (which never hold shares), with its own tiny subscription for
 * the one component that shows them. Revealing is per tab and off unless its user switches it on.
 */
import type { SharesReveal } from '../workers/api';

/** Shares revealed so far for the current session, by party. */
export type RevealedShares = { readonly session: number; readonly byParty: ReadonlyMap<number, SharesReveal> } | null;

export interface SharesStore {
  subscribe(cb: () => void): () => void;
  revealed(): RevealedShares;
  /** Record one party's shares (this tab's own, or a peer's from a control message). */
  add(party: number, s: SharesReveal): void;
  /** Forget everything (a new run started). */
  clear(): void;
}

/** The revealed shares of this tab (one per app instance: tabApp.ts). */
export function createSharesStore(): SharesStore {
  let revealed: RevealedShares = null;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  return {
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    revealed: () => revealed,
    add(party, s) {
      const byParty = new Map(revealed?.session === s.session ? revealed.byParty : []);
      byParty.set(party, s);
      revealed = { session: s.session, byParty };
      changed();
    },
    clear() {
      revealed = null;
      changed();
    },
  };
}

/**
 * Σ shares mod 2^k for element i of `which`, as an unsigned bigint, and its fixed-point value;
 * null while a party's shares are missing.
 */
export function combine(byParty: ReadonlyMap<number, SharesReveal>, parties: number, which: 'x' | 'y', i: number): { sum: bigint; value: number } | null {
  let sum = 0n;
  let k = 128;
  let fxp = 26;
  for (let p = 0; p < parties; p++) {
    const s = byParty.get(p);
    const h = s?.[which][i];
    if (!s || h === undefined) return null;
    k = s.field === 'FM64' ? 64 : 128;
    fxp = s.fxp;
    sum += BigInt(`0x${h}`);
  }
  sum = BigInt.asUintN(k, sum);
  return { sum, value: Number(BigInt.asIntN(k, sum)) / 2 ** fxp };
}
