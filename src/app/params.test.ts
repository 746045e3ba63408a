import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, defaultTrust, OT_DEFAULT_MAX_N, parseParams } from './params';

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
