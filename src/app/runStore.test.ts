import { describe, expect, it } from 'vitest';
import { runStore } from './runStore';
import { DEFAULT_INPUT } from './inputs';
import { lobbyStore } from './lobbyStore';
import { netRunStore } from './netRun';
import { labStore } from './labStore';
import { comparisonStore } from './comparisonStore';

describe('the UI stores', () => {
  it('hold no private input: it stays in the run panel (React state), never in a store', () => {
    const state = runStore.getState();
    expect(Object.keys(state)).not.toContain('input');
    const all = JSON.stringify({ run: state, lobby: lobbyStore.getState(), netRun: netRunStore.getState(), lab: labStore.getState(), comparison: comparisonStore.getState() });
    // no field of a PrivateInput, under its own name or as the default's values
    for (const key of Object.keys(DEFAULT_INPUT)) expect(all).not.toContain(`"${key}":`);
    expect(all).not.toContain(JSON.stringify(DEFAULT_INPUT).slice(1, -1));
  });
});
