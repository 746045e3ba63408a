/**
 * The run's UI state: metadata only (parameters, progress counters, summary, error). The opened
 * results stay in the app's last run (lastRun.ts) and this tab's private input in the run panel's React
 * state (inputs.ts), never in the store.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PhaseTraffic, Preprocess, RunProgress, RunResult, Trust } from '../workers/api';
import { DEFAULT_PARAMS, defaultTrust, type RunParams } from './params';

export type RunPhase = 'idle' | 'running' | 'done' | 'error';

export interface RunSummary {
  readonly n: number;
  /** exp alone: what `tabmpc cost` reports for the same settings. */
  readonly exp: PhaseTraffic;
  /** The whole session: setup (offline), exp, and opening the result. */
  readonly totalOnline: PhaseTraffic;
  readonly offline: PhaseTraffic;
  /** trust 'ot': the making of the correlations, done and planned; null for 'tfp'. */
  readonly preprocess: Preprocess | null;
  readonly trust: Trust;
  readonly plannedRounds: number;
  /** Wall time of the exp alone in the worker (ms), and of the whole run as this tab saw it. */
  readonly expMs: number;
  readonly totalMs: number;
  /** Where the worker's time went (ms). */
  readonly phasesMs: { readonly plan: number; readonly setup: number; readonly preprocess: number; readonly input: number; readonly exp: number; readonly open: number };
  /** How the worker shared the CPU on a small machine (null: it never rested). */
  readonly breathing: RunResult['breathing'];
  /** Only the input party knows x and can compare with Math.exp. */
  readonly check: { readonly maxRelErr: number; readonly maxAbsErr: number; readonly tolerance: number; readonly withinTolerance: number } | null;
}

export interface RunState {
  /** The form: what this tab would propose. */
  params: RunParams;
  /** The user picked the form's trust: n no longer changes it (params.ts, defaultTrust). */
  trustChosen: boolean;
  /**
   * The form's fields whose text cannot be used (field → the reason shown beside it): Run is
   * refused while any is here, with that reason (fieldReading.ts).
   */
  formProblems: Readonly<Record<string, string>>;
  phase: RunPhase;
  /** The run in progress or last finished. */
  session: number | null;
  active: RunParams | null;
  proposer: number | null;
  startedAt: number | null;
  progress: RunProgress | null;
  summary: RunSummary | null;
  error: { readonly code: string; readonly message: string } | null;
}

export type RunStore = StoreApi<RunState>;

/** A run store (one per app instance: tabApp.ts). */
export function createRunStore(): RunStore {
  return createStore<RunState>()(() => ({
    params: DEFAULT_PARAMS,
    trustChosen: false,
    formProblems: {},
    phase: 'idle',
    session: null,
    active: null,
    proposer: null,
    startedAt: null,
    progress: null,
    summary: null,
    error: null,
  }));
}

/** Change the form's parameters (what this tab would propose). */
export function setParams(runStore: RunStore, patch: Partial<RunParams>): void {
  runStore.setState((s) => ({ params: { ...s.params, ...patch } }));
}

/** Record why the form's field `field` cannot be used, or (null) that it can. */
export function setFormProblem(runStore: RunStore, field: string, problem: string | null): void {
  runStore.setState((s) => {
    if ((s.formProblems[field] ?? null) === problem) return s;
    const { [field]: _old, ...rest } = s.formProblems;
    return { formProblems: problem === null ? rest : { ...rest, [field]: problem } };
  });
}

/** The first reason the form cannot be proposed as it stands, or null. */
export function formProblem(s: Pick<RunState, 'formProblems'>): string | null {
  return Object.values(s.formProblems)[0] ?? null;
}

/**
 * What a run's start does to the form of every tab: it takes the run's settings, so the form
 * shows what runs (and, afterwards, Run repeats it from any tab); drafts the run replaced are
 * gone, and so are their problems. The trust counts as chosen when it is not n's default.
 */
export function adoptRunParams(params: RunParams): Pick<RunState, 'params' | 'trustChosen' | 'formProblems'> {
  return { params, trustChosen: params.trust !== defaultTrust(params.n), formProblems: {} };
}

/** The settings a tab's form shows: the running proposal's during a run (whoever proposed it), else its own. */
export function formShows(s: Pick<RunState, 'phase' | 'active' | 'params'>): RunParams {
  return s.phase === 'running' && s.active ? s.active : s.params;
}
