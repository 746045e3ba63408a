/// <reference types="vite/client" />
/**
 * The Playwright suite's switches, read from the page URL: `?e2e` (with the e2e hooks, main.tsx),
 * `stallMs=N` (a shorter stall limit), `link=<json>` (chunking and backpressure for measurements)
 * and `relay` (every frame through the pages). They exist only in the e2e build
 * (`vite build --mode e2e`, which e2e/server.ts builds and serves): in every other build MODE is a
 * constant other than 'e2e', so the minifier drops the code below and a shared link cannot set them
 * (src/ui/productionBuild.test.ts checks the production bundle).
 */
import type { LinkOptions } from '../net';

export interface E2eSwitches {
  /** Install the e2e hooks (window.__tabmpc). */
  readonly hooks: boolean;
  /** Stall limit of a run (ms), instead of the default. */
  readonly stallMs: number | null;
  /** Link options for the page's mesh and the party worker's frames channels (bench/e2e/channel.bench.ts). */
  readonly link: Partial<LinkOptions> | null;
  /** Keep every frame on the pages' links, as before worker channels (for comparisons). */
  readonly relayOnly: boolean;
}

const OFF: E2eSwitches = { hooks: false, stallMs: null, link: null, relayOnly: false };

/** The switches of this page (all off outside the e2e build, or without `?e2e`). */
export function e2eSwitches(search: string = globalThis.location?.search ?? ''): E2eSwitches {
  if (import.meta.env.MODE !== 'e2e') return OFF;
  const q = new URLSearchParams(search);
  if (!q.has('e2e')) return OFF;
  const stallMs = Number(q.get('stallMs'));
  const link = q.get('link');
  return {
    hooks: true,
    stallMs: stallMs > 0 ? stallMs : null,
    link: link ? (JSON.parse(link) as Partial<LinkOptions>) : null,
    relayOnly: q.has('relay'),
  };
}
