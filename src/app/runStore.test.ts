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

describe('the form', () => {
  it('records each field that cannot be used, with its reason, until it can', async () => {
    const { createRunStore, formProblem, setFormProblem } = await import('./runStore');
    const store = createRunStore();
    expect(formProblem(store.getState())).toBeNull();
    setFormProblem(store, 'n', 'Values n must be a whole number from 1 to 2,000,000; 0 is below 1.');
    setFormProblem(store, 'iterations', 'bad iterations');
    expect(formProblem(store.getState())).toBe('Values n must be a whole number from 1 to 2,000,000; 0 is below 1.');
    setFormProblem(store, 'n', null);
    expect(store.getState().formProblems).toEqual({ iterations: 'bad iterations' });
    setFormProblem(store, 'iterations', null);
    expect(formProblem(store.getState())).toBeNull();
  });

  it("takes a run's settings when the run starts, its drafts' problems gone, trust chosen when not n's default", async () => {
    const { adoptRunParams } = await import('./runStore');
    const { DEFAULT_PARAMS } = await import('./params');
    const run = { ...DEFAULT_PARAMS, method: 'prime' as const, n: 100_000, trust: 'tfp' as const, stepMode: true };
    expect(adoptRunParams(run)).toEqual({ params: run, trustChosen: false, formProblems: {} });
    expect(adoptRunParams({ ...run, trust: 'ot' }).trustChosen).toBe(true);
  });
});
