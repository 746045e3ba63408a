/**
 * The protocol picture as data: for one online round, the packets each pair of parties exchange,
 * one per direction and kind of operation, with the words for what they carry and their size. The
 * sizes are this tab's own per-entry counts from the engine's round record (or, for the round step
 * mode holds, what it is about to send and what it will accept), so the packets to a peer add up to
 * the round's bytes to that peer. A tab sees only its own traffic: the packets between two other
 * parties are not drawn. Sizes and names only, never a payload. Pure, tested without a browser.
 */
import type { PendingRound, RoundRecord } from '../../workers/api';
import { packetWords } from './packetWords';

/** One round of this tab's traffic, by entry (nodes[i] and opNames[i] go with sent[i], received[i]). */
export interface RoundTraffic {
  readonly round: number;
  /** 'sent': the round completed and every size was counted; 'ready': step mode holds it, unsent. */
  readonly status: 'sent' | 'ready';
  readonly nodes: readonly number[];
  readonly opNames: readonly string[];
  /** Bytes of entry i to each party (own entry 0). */
  readonly sent: readonly (readonly number[])[];
  /** Bytes of entry i from each party: received, or for a held round the length the frame must have. */
  readonly received: readonly (readonly number[])[];
  readonly parties: number;
}

export interface Packet {
  readonly from: number;
  readonly to: number;
  readonly op: string;
  readonly what: string;
  readonly why: string;
  /** Distinct operations (graph nodes) whose entries it carries. */
  readonly operations: number;
  readonly bytes: number;
}

/** The two directions between this tab's party and one peer. */
export interface Lane {
  readonly peer: number;
  /** This party to the peer, then the peer to this party. */
  readonly out: readonly Packet[];
  readonly in: readonly Packet[];
  readonly bytesOut: number;
  readonly bytesIn: number;
}

export interface Picture {
  readonly round: number;
  readonly status: RoundTraffic['status'];
  readonly self: number;
  readonly parties: number;
  readonly lanes: readonly Lane[];
}

export function trafficOfRecord(r: RoundRecord): RoundTraffic {
  return { round: r.round, status: 'sent', nodes: r.nodes, opNames: r.opNames, sent: r.entryBytesSent, received: r.entryBytesReceived, parties: r.payloadBytesSent.length };
}

export function trafficOfPending(p: PendingRound): RoundTraffic {
  return { round: p.round, status: 'ready', nodes: p.nodes, opNames: p.opNames, sent: p.entryBytes, received: p.entryBytesExpected, parties: p.payloadBytes.length };
}

/** The packets one way: entries grouped by operation name in first-appearance order, empty ones left out. */
function packets(t: RoundTraffic, bytesOf: readonly (readonly number[])[], from: number, to: number, peer: number): Packet[] {
  const byOp = new Map<string, { bytes: number; nodes: Set<number> }>();
  t.opNames.forEach((op, i) => {
    const bytes = bytesOf[i]?.[peer] ?? 0;
    if (bytes === 0) return;
    const g = byOp.get(op) ?? { bytes: 0, nodes: new Set<number>() };
    g.bytes += bytes;
    g.nodes.add(t.nodes[i] ?? -1);
    byOp.set(op, g);
  });
  // an operation without words of its own is named as it is, never left blank
  return [...byOp].map(([op, g]) => ({ from, to, op, ...(packetWords(op) ?? { what: 'masked values', why: op }), operations: g.nodes.size, bytes: g.bytes }));
}

const sum = (ps: readonly Packet[]): number => ps.reduce((s, p) => s + p.bytes, 0);

export function buildPicture(t: RoundTraffic, self: number): Picture {
  const lanes: Lane[] = [];
  for (let peer = 0; peer < t.parties; peer++) {
    if (peer === self) continue;
    const out = packets(t, t.sent, self, peer, peer);
    const inn = packets(t, t.received, peer, self, peer);
    lanes.push({ peer, out, in: inn, bytesOut: sum(out), bytesIn: sum(inn) });
  }
  return { round: t.round, status: t.status, self, parties: t.parties, lanes };
}

/**
 * Which round the picture shows: the one picked (a timeline mark, a graph node, the arrows) if it
 * has completed; else the round step mode holds; else the latest completed one.
 */
export function pictureTraffic(rounds: readonly RoundRecord[], paused: PendingRound | null, picked: number | null): RoundTraffic | null {
  const online = rounds.filter((r) => r.phase === 'online');
  const chosen = picked === null ? undefined : online.find((r) => r.round === picked);
  if (chosen) return trafficOfRecord(chosen);
  if (paused && paused.phase === 'online') return trafficOfPending(paused);
  const last = online.at(-1);
  return last ? trafficOfRecord(last) : null;
}

/** "×3" after the words when a packet carries several operations. */
export function packetCount(p: Packet): string {
  return p.operations > 1 ? ` ×${p.operations}` : '';
}
