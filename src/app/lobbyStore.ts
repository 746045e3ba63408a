/**
 * UI state: a vanilla zustand store (no React here). Metadata only: room id, party indices,
 * connection states, RTTs, error codes. Never shares, frames or secrets.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PeerConnState, PeerInfo, PeerPath } from '../net';

export type { PeerConnState, PeerInfo, PeerPath };
import { initialSeatWatch, type SeatWatch } from './seats';

export type LobbyPhase = 'idle' | 'connecting' | 'in-room' | 'error';

export interface LobbyState {
  phase: LobbyPhase;
  /** Room id (32 hex digits) once known: from the link, or from creating a room. */
  room: string | null;
  self: number | null;
  capacity: number | null;
  /** Indices present in the room (signaling's view), including self. */
  present: readonly number[];
  peers: readonly PeerInfo[];
  /** Signaling connection lost while in a room. */
  signalingError: string | null;
  error: { code: string; message: string } | null;
  /** How this tab entered the room: a joiner that got seat 0 took the seat of a creator that left. */
  entered: 'create' | 'join' | null;
  /** Seats taken by tabs that were not there before (seats.ts): seat numbers and times only. */
  seats: SeatWatch;
}

export const initialLobbyState: LobbyState = {
  phase: 'idle',
  room: null,
  self: null,
  capacity: null,
  present: [],
  peers: [],
  signalingError: null,
  error: null,
  entered: null,
  seats: initialSeatWatch,
};

export type LobbyStore = StoreApi<LobbyState>;

/** A lobby store (one per app instance: tabApp.ts). */
export function createLobbyStore(): LobbyStore {
  return createStore<LobbyState>()(() => initialLobbyState);
}

/** Parties with a live connection, this tab included (a selector for useStore). */
export const connectedParties = (s: LobbyState): number => s.peers.filter((p) => p.state === 'connected').length + 1;
