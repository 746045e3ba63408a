/**
 * What the page may read of the engine besides the worker's answers: pure functions over a run's
 * result (the cost ledger of its graph) and the engine's published tables (the kernel registry's
 * names and plain words, the network presets). No engine state and no protocol code: everything a
 * page knows of a run still comes from its party worker (api.ts).
 */
export { compactRounds, ledger, type LedgerRow } from '../mpc/eval/ledger';
export { KERNEL_NAMES, KERNELS } from '../mpc/protocols/semi2k/kernels';
export { NET_PRESET_NAMES, NET_PRESETS } from '../mpc/io/netem';
