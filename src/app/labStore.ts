/**
 * What the lab views share while the pointer moves: the graph node and the timeline round under
 * the pointer (or keyboard focus), so that each view can highlight what the other points at.
 * Only ids and round numbers: nothing here is a share or a secret.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface LabState {
  /** Graph node id hovered or focused in the operation graph or the cost table. */
  hoverNode: number | null;
  /** Online round (1-based) hovered or focused on the timeline. */
  hoverRound: number | null;
  /** Graph node pinned by a click: its details stay in the side panel after the pointer leaves. */
  pinnedNode: number | null;
  /** Online round (1-based) the protocol picture shows, picked on the timeline or the graph; null: follow the run. */
  pictureRound: number | null;
  /** Presenter mode: the lab in large type and high contrast, for a projector. */
  presenter: boolean;
}

export type LabStore = StoreApi<LabState>;

/** A lab store (one per app instance: tabApp.ts). */
export function createLabStore(): LabStore {
  return createStore<LabState>()(() => ({ hoverNode: null, hoverRound: null, pinnedNode: null, pictureRound: null, presenter: false }));
}

/** Forget every hover and pin: a new run has different nodes and rounds. Presenter mode stays. */
export function resetLab(labStore: LabStore): void {
  labStore.setState({ hoverNode: null, hoverRound: null, pinnedNode: null, pictureRound: null });
}
