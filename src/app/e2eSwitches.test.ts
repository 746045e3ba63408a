/// <reference types="vite/client" />
import { afterEach, describe, expect, it, vi } from 'vitest';
import { e2eSwitches } from './e2eSwitches';

const OFF = { hooks: false, stallMs: null, link: null, relayOnly: false };

describe('the e2e switches', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('are all off outside the e2e build, whatever the link says', () => {
    expect(import.meta.env.MODE).not.toBe('e2e');
    expect(e2eSwitches('?room=00&e2e=1&stallMs=4000&relay=1&link={"chunkBytes":1}')).toEqual(OFF);
  });

  it('in the e2e build, are read from the URL, and only with ?e2e', () => {
    vi.stubEnv('MODE', 'e2e');
    expect(e2eSwitches('?e2e=1&stallMs=4000&relay=1&link={"chunkBytes":1}')).toEqual({ hooks: true, stallMs: 4000, link: { chunkBytes: 1 }, relayOnly: true });
    expect(e2eSwitches('?e2e=1')).toEqual({ hooks: true, stallMs: null, link: null, relayOnly: false });
    expect(e2eSwitches('?stallMs=4000&relay=1')).toEqual(OFF);
  });
});
