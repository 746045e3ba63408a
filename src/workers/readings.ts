/**
 * What the page may read of the engine besides the worker's answers: pure functions over a run's
 * result (the cost ledger of its graph) and the engine's published tables (the kernel registry's
 * names and plain words, the network presets, the exp methods, profiles and fields, and which exp
 * method runs with how many parties on which field). No engine state and no protocol code: everything a
 * page knows of a run still comes from its party worker (api.ts).
 */
export { compactRounds, ledger, type LedgerRow } from '../mpc/eval/ledger';
export { KERNEL_NAMES, KERNELS } from '../mpc/protocols/semi2k/kernels';
export { NET_PRESET_NAMES, NET_PRESETS } from '../mpc/io/netem';
export { EXP_METHODS, expMethodProblem } from '../mpc/approx/exp/methods';
export { PROFILE_NAMES } from '../mpc/protocols/semi2k/profile';
export { FIELDS } from '../mpc/ring';
