/**
 * UI state: a vanilla zustand store (no React here). Metadata only: room id, party indices,
 * connection states, RTTs, error codes. Never shares, frames or secrets.
 */
import { createStore } from 'zustand/vanilla';
import type { PeerInfo } from '../net';

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
};

export const lobbyStore = createStore<LobbyState>()(() => initialLobbyState);

/** Parties with a live connection, this tab included (a selector for useStore). */
export const connectedParties = (s: LobbyState): number => s.peers.filter((p) => p.state === 'connected').length + 1;
