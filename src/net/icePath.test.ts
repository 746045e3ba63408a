import { describe, expect, it } from 'vitest';
import { noPathMessage, selectedPath } from './icePath';

/** A report as Chromium writes one: a transport naming its selected pair, candidates, other pairs. */
function report(localType: string, remoteType: string, how: 'transport' | 'selected' | 'nominated' = 'transport'): { type: string; id: string; [k: string]: unknown }[] {
  return [
    { type: 'transport', id: 'T1', ...(how === 'transport' ? { selectedCandidatePairId: 'CP2' } : {}) },
    { type: 'candidate-pair', id: 'CP1', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'failed', nominated: false },
    { type: 'candidate-pair', id: 'CP2', localCandidateId: 'L2', remoteCandidateId: 'R2', state: 'succeeded', nominated: how === 'nominated', ...(how === 'selected' ? { selected: true } : {}) },
    { type: 'local-candidate', id: 'L1', candidateType: 'host', protocol: 'udp' },
    { type: 'remote-candidate', id: 'R1', candidateType: 'host', protocol: 'udp' },
    { type: 'local-candidate', id: 'L2', candidateType: localType, protocol: 'udp' },
    { type: 'remote-candidate', id: 'R2', candidateType: remoteType, protocol: 'udp' },
    { type: 'data-channel', id: 'D1' },
  ];
}

describe('selectedPath', () => {
  it('calls host, srflx and prflx pairs direct and any pair with a relay end relayed', () => {
    expect(selectedPath(report('host', 'host'))).toEqual({ kind: 'direct', local: 'host', remote: 'host', protocol: 'udp' });
    expect(selectedPath(report('srflx', 'prflx'))?.kind).toBe('direct');
    expect(selectedPath(report('relay', 'relay'))).toEqual({ kind: 'relayed', local: 'relay', remote: 'relay', protocol: 'udp' });
    expect(selectedPath(report('host', 'relay'))?.kind).toBe('relayed');
    expect(selectedPath(report('relay', 'srflx'))?.kind).toBe('relayed');
  });

  it('reads the selected pair from the transport, a selected flag, or a nominated succeeded pair', () => {
    expect(selectedPath(report('relay', 'host', 'selected'))?.local).toBe('relay');
    expect(selectedPath(report('srflx', 'host', 'nominated'))?.local).toBe('srflx');
  });

  it('says nothing while no pair is selected or a candidate is unknown', () => {
    expect(selectedPath(report('relay', 'relay').filter((s) => s.id !== 'T1' && s.id !== 'CP2'))).toBeNull();
    expect(selectedPath(report('relay', 'mystery'))).toBeNull();
    expect(selectedPath([])).toBeNull();
  });
});

describe('noPathMessage', () => {
  it('names what to configure', () => {
    expect(noPathMessage(1, [])).toBe('no network path to party 1: you are not on one network; start the server with --stun and --turn (README: Across machines)');
    expect(noPathMessage(2, [{ urls: 'stun:s.example' }])).toMatch(/^no network path to party 2 \(STUN alone .*\): configure a TURN server with --turn$/);
    expect(noPathMessage(0, [{ urls: ['stun:s.example'] }, { urls: ['turn:t.example:3478'], username: 'u', credential: 'c' }])).toMatch(
      /^no network path to party 0, not even through the TURN server \(turn:t\.example:3478\): check .*--turn-secret$/,
    );
  });
});
