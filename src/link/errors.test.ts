import { describe, expect, it } from 'vitest';
import { codeAndMessage, engineCode, ERROR_TITLES, errorKind, plainMessage } from './errors';

describe('the error map', () => {
  it('gives the engine code a transport passes on for a link or page code', () => {
    expect(engineCode('ERR_BAD_FRAME')).toBe('ERR_BAD_FRAME');
    expect(engineCode('ERR_DESTROYED')).toBe('ERR_ABORTED');
    expect(engineCode('ERR_ABORTED')).toBe('ERR_ABORTED');
    expect(engineCode('ERR_TIMEOUT')).toBe('ERR_TIMEOUT');
    expect(engineCode('ERR_NO_PEER')).toBe('ERR_PEER_GONE');
    expect(engineCode('nonsense')).toBe('ERR_PEER_GONE');
    expect(engineCode(undefined)).toBe('ERR_PEER_GONE');
  });

  it('says it plainly, and titles it', () => {
    expect(plainMessage('ERR_PEER_GONE', 'party 1 left')).toBe('party 1 left');
    expect(plainMessage('ERR_ABORTED', 'stop')).toBe('stop');
    expect(plainMessage('ERR_ROOM_FULL', 'x')).toMatch(/^This room is full/);
    expect(plainMessage('ERR_RANGE', 'too big')).toBe('too big');
    expect(ERROR_TITLES[errorKind('ERR_PEER_GONE')]).toBe('Peer left');
    expect(ERROR_TITLES[errorKind('ERR_ABORTED')]).toBe('Aborted');
    expect(ERROR_TITLES[errorKind('ERR_RANGE')]).toBe('Run failed');
  });

  it('reads the code and message of anything thrown', () => {
    expect(codeAndMessage(Object.assign(new Error('m'), { code: 'ERR_X' }))).toEqual({ code: 'ERR_X', message: 'm' });
    expect(codeAndMessage('text', 'ERR_PEER_GONE')).toEqual({ code: 'ERR_PEER_GONE', message: 'text' });
  });
});
