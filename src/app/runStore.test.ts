import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT } from './inputs';
import { createStores, storesJson } from './stores';

describe('the UI stores', () => {
  it('hold no private input: it stays in the run panel (React state), never in a store', () => {
    const stores = createStores();
    expect(Object.keys(stores.run.getState())).not.toContain('input');
    const all = storesJson(stores);
    // no field of a PrivateInput, under its own name or as the default's values
    for (const key of Object.keys(DEFAULT_INPUT)) expect(all).not.toContain(`"${key}":`);
    expect(all).not.toContain(JSON.stringify(DEFAULT_INPUT).slice(1, -1));
  });
});
