import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, defaultTrust, FIELDS, METHODS, OT_DEFAULT_MAX_N, paramsProblem, parseParams, PROFILES } from './params';

describe('run params read the engine tables', () => {
  it('lists methods, profiles (the default first) and fields as the form shows them', () => {
    expect(METHODS).toEqual(['taylor', 'pade', 'prime']);
    expect(PROFILES).toEqual(['fast', 'spu2024']);
    expect(FIELDS).toEqual(['FM128', 'FM64']);
  });

  it("takes exp prime's support rule from the engine, naming the room", () => {
    const prime = { ...DEFAULT_PARAMS, method: 'prime' as const };
    expect(paramsProblem(prime, 2)).toBeNull();
    expect(paramsProblem(prime, 3)).toBe("exp method 'prime' runs with 2 parties on FM128 only (this room: 3 parties, FM128); use 'taylor' or 'pade'");
    expect(paramsProblem({ ...prime, field: 'FM64' }, 2)).toMatch(/this room: 2 parties, FM64/);
    expect(paramsProblem(DEFAULT_PARAMS, 3)).toBeNull();
  });
});

describe('trust', () => {
  it('defaults to OT up to 10,000 values and to the trusted first party above', () => {
    expect(defaultTrust(1)).toBe('ot');
    expect(defaultTrust(OT_DEFAULT_MAX_N)).toBe('ot');
    expect(OT_DEFAULT_MAX_N).toBe(10_000);
    expect(defaultTrust(OT_DEFAULT_MAX_N + 1)).toBe('tfp');
    expect(DEFAULT_PARAMS.trust).toBe(defaultTrust(DEFAULT_PARAMS.n));
    expect(DEFAULT_PARAMS.otExtension).toBe('softspoken4');
  });

  it('a proposal carries trust and the OT extension, both checked', () => {
    const raw = { ...DEFAULT_PARAMS } as Record<string, unknown>;
    expect(parseParams(raw)).toEqual(DEFAULT_PARAMS);
    expect(parseParams({ ...raw, trust: 'tfp', otExtension: 'iknp' })).toMatchObject({ trust: 'tfp', otExtension: 'iknp' });
    expect(() => parseParams({ ...raw, trust: 'dealer' })).toThrow(/field 'trust'/);
    expect(() => parseParams({ ...raw, trust: undefined })).toThrow(/field 'trust'/);
    expect(() => parseParams({ ...raw, otExtension: 'softspoken16' })).toThrow(/field 'otExtension'/);
  });
});
