import { describe, expect, it } from 'vitest';
import { parseExpFlags, plannedOffline, trustOf, TRUST_FLAGS } from './expFlags';
import { UsageError } from './args';

describe('--trust', () => {
  it('defaults to the trusted first party (SPU tables one command away), softspoken4 for ot', () => {
    expect(trustOf(parseExpFlags([], { n: 1 }, TRUST_FLAGS).flags)).toEqual({ trust: 'tfp', otExtension: 'softspoken4' });
    expect(trustOf(parseExpFlags(['--trust', 'ot', '--ot-extension', 'iknp'], { n: 1 }, TRUST_FLAGS).flags)).toEqual({ trust: 'ot', otExtension: 'iknp' });
    expect(() => parseExpFlags(['--trust', 'dealer'], { n: 1 }, TRUST_FLAGS)).toThrow(UsageError);
  });

  it('plans the offline phase: more bytes per element with IKNP than with SoftSpokenOT', async () => {
    const job = { method: 'prime', field: 'FM128', profile: 'fast', inputParty: 0 } as const;
    const ss = await plannedOffline(job, 2, 100, 'softspoken4');
    const iknp = await plannedOffline(job, 2, 100, 'iknp');
    expect(ss.offlineBytesSentPerElement).toBeGreaterThan(0);
    expect(ss.offlineRounds).toBeGreaterThan(0);
    expect(iknp.offlineBytesSentPerElement).toBeGreaterThan(ss.offlineBytesSentPerElement);
  });
});
