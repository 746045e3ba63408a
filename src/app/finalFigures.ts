/**
 * The one set of figures a finished run shows, in the live block and in the result alike: the
 * online rounds and bytes as the exp's plus the opening of the result (each party sends its share
 * of every output to every other party: one round), and one whole-run time beside the exp's own.
 */
import type { RunSummary } from './runStore';

export interface FinalFigures {
  /** Rounds of the exp alone (what `tabmpc cost` reports), of the opening, and their sum (the online rounds). */
  readonly expRounds: number;
  readonly openingRounds: number;
  readonly onlineRounds: number;
  /** Payload bytes this party sent: the exp's, the opening's, and their sum (the online bytes). */
  readonly expBytesSent: number;
  readonly openingBytesSent: number;
  readonly onlineBytesSent: number;
  readonly onlineBytesReceived: number;
  /** The exp in the worker, and the whole run as this tab saw it from its start to its result (ms). */
  readonly expMs: number;
  readonly wholeRunMs: number;
}

/** A finished run's figures (sharing the input costs no round and no byte: expSession.ts). */
export function finalFigures(s: Pick<RunSummary, 'exp' | 'totalOnline' | 'expMs' | 'totalMs'>): FinalFigures {
  return {
    expRounds: s.exp.rounds,
    openingRounds: s.totalOnline.rounds - s.exp.rounds,
    onlineRounds: s.totalOnline.rounds,
    expBytesSent: s.exp.payloadBytesSent,
    openingBytesSent: s.totalOnline.payloadBytesSent - s.exp.payloadBytesSent,
    onlineBytesSent: s.totalOnline.payloadBytesSent,
    onlineBytesReceived: s.totalOnline.payloadBytesReceived,
    expMs: s.expMs,
    wholeRunMs: s.totalMs,
  };
}

/** "12 rounds of the exp + 1 opening round", the online rounds as what they are. */
export function roundsInWords(f: Pick<FinalFigures, 'expRounds' | 'openingRounds'>): string {
  const plural = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  return `${plural(f.expRounds, 'round')} of the exp + ${plural(f.openingRounds, 'opening round')}`;
}
