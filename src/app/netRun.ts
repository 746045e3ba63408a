/**
 * Network figures of the current run, kept apart from the run store because they come from the
 * page's transport (wire counters, compression) and the finished run's round log (the estimate).
 * Counters and times only: no frame contents.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { addWire, type MeshTransport, type RunWireStats } from '../net';
import { estimateRunMs, waitingMs } from '../mpc/io/netem';
import type { ChannelTraffic, RunResult } from '../workers/api';
import type { NetSetting } from './params';

export interface RunEstimate {
  readonly net: NetSetting;
  readonly rounds: number;
  /** The exp's wall time minus its time waiting for frames: what the CLI calls compute. */
  readonly computeMs: number;
  /** Σ over the exp's rounds of (latency + largest frame / bandwidth). */
  readonly networkMs: number;
  readonly estimateMs: number;
  /** The exp's measured wall time. */
  readonly expMs: number;
}

export interface NetRunState {
  readonly session: number | null;
  /** The session's frames on both paths: relayed by the page, and on the worker's own channels. */
  readonly wire: RunWireStats | null;
  /** The worker's own channels in this session: which peers they carry frames to, and their round trips. */
  readonly channels: Pick<ChannelTraffic, 'peers' | 'rttMs' | 'rttQueuedBytes'> | null;
  readonly estimate: RunEstimate | null;
}

const EMPTY = { wire: null, channels: null, estimate: null } as const;

export type NetRunStore = StoreApi<NetRunState>;

/** A store of a run's network figures (one per app instance: tabApp.ts). */
export function createNetRunStore(): NetRunStore {
  return createStore<NetRunState>()(() => ({ session: null, ...EMPTY }));
}

/** A new run starts: forget the last one's figures. */
export function resetNetRun(netRunStore: NetRunStore, session: number): void {
  netRunStore.setState({ session, ...EMPTY });
}

/**
 * The session's wire counters: the page transport's (frames it relayed) plus the worker's own
 * channels' (called on every progress push, and at the end).
 */
export function publishWire(netRunStore: NetRunStore, session: number, transport: MeshTransport | null, channels: ChannelTraffic | null): void {
  if (!transport || netRunStore.getState().session !== session) return;
  const relayed = transport.stats();
  netRunStore.setState({ wire: channels ? addWire(relayed, channels.wire) : relayed, channels });
}

/** The CLI-style estimate from the run's own log: the exp's rounds are the first `exp.rounds` online rounds. */
export function runEstimate(res: Pick<RunResult, 'rounds' | 'exp' | 'elapsedMs'>, net: NetSetting): RunEstimate {
  const rounds = res.rounds.slice(0, res.exp.rounds);
  const computeMs = Math.max(0, res.elapsedMs - waitingMs(rounds));
  const estimateMs = estimateRunMs(rounds, net, computeMs);
  return { net, rounds: rounds.length, computeMs, networkMs: estimateMs - computeMs, estimateMs, expMs: res.elapsedMs };
}

/** The run finished: final wire counters, and the estimate if the network was emulated. */
export function publishRunNet(netRunStore: NetRunStore, session: number, transport: MeshTransport | null, res: Pick<RunResult, 'rounds' | 'exp' | 'elapsedMs' | 'channels'>, net: NetSetting | null): void {
  if (netRunStore.getState().session !== session) return;
  publishWire(netRunStore, session, transport, res.channels);
  netRunStore.setState({ estimate: net ? runEstimate(res, net) : null });
}

/** Wire bytes over frame bytes, summed over peers; null before any frame. */
export function wireRatio(wire: RunWireStats, side: 'sent' | 'received'): number | null {
  let frame = 0;
  let onWire = 0;
  for (const p of wire.perPeer) {
    frame += side === 'sent' ? p.frameBytesSent : p.frameBytesReceived;
    onWire += side === 'sent' ? p.wireBytesSent : p.wireBytesReceived;
  }
  return frame > 0 ? onWire / frame : null;
}
