/**
 * Names and numbers of a network setting for the UI: the SPU preset it equals, if any, and
 * readable latency and bandwidth. The log-scale bandwidth slider maps 0..1000 to 1 Mbit/s..100 Gbit/s.
 */
import { NET_PRESET_NAMES, NET_PRESETS, type NetPresetName } from '../mpc/io/netem';
import type { NetSetting } from './params';

export const LATENCY_MAX_MS = 500;
export const BANDWIDTH_MIN_BPS = 1e6;
export const BANDWIDTH_MAX_BPS = 100e9;
export const BANDWIDTH_STEPS = 1000;
const DECADES = Math.log10(BANDWIDTH_MAX_BPS / BANDWIDTH_MIN_BPS);

/** The preset `net` equals, or null (custom, or no emulation). */
export function presetOf(net: NetSetting | null): NetPresetName | null {
  if (!net) return null;
  return NET_PRESET_NAMES.find((n) => NET_PRESETS[n].latencyMs === net.latencyMs && NET_PRESETS[n].bandwidthBps === net.bandwidthBps) ?? null;
}

/** Slider position of a bandwidth. */
export function bandwidthToStep(bps: number): number {
  const p = (BANDWIDTH_STEPS * Math.log10(bps / BANDWIDTH_MIN_BPS)) / DECADES;
  return Math.min(BANDWIDTH_STEPS, Math.max(0, Math.round(p)));
}

/** Bandwidth of a slider position, rounded to 3 significant digits so the presets land exactly. */
export function stepToBandwidth(step: number): number {
  const bps = BANDWIDTH_MIN_BPS * 10 ** ((DECADES * step) / BANDWIDTH_STEPS);
  return Number(bps.toPrecision(3));
}

export function fmtBandwidth(bps: number): string {
  const units: [number, string][] = [
    [1e9, 'Gbit/s'],
    [1e6, 'Mbit/s'],
    [1e3, 'kbit/s'],
  ];
  for (const [scale, unit] of units) if (bps >= scale) return `${Number((bps / scale).toPrecision(3))} ${unit}`;
  return `${bps} bit/s`;
}

/** "100Mbit-10ms (SPU level)" or "250 Mbit/s, 40 ms one way", or "none (loopback)". */
export function netLabel(net: NetSetting | null): string {
  if (!net) return 'none (loopback)';
  const preset = presetOf(net);
  if (preset) return preset;
  return `${fmtBandwidth(net.bandwidthBps)}, ${net.latencyMs} ms one way`;
}
