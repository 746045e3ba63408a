import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { badIceUrl, iceServersFor, parseIceConfigFile, turnCredentials, turnPassword, type IceConfig } from './ice';

describe('TURN credentials (coturn use-auth-secret)', () => {
  it('is base64 of HMAC-SHA1, checked against RFC 2202 test case 2', () => {
    // RFC 2202 §3, test case 2: key "Jefe", data "what do ya want for nothing?"
    const digest = Buffer.from('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79', 'hex').toString('base64');
    expect(turnPassword('Jefe', 'what do ya want for nothing?')).toBe(digest);
    expect(digest).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });

  it('names the expiry in the username and signs exactly that username', () => {
    const now = Date.UTC(2026, 0, 1) + 999; // the milliseconds are dropped, not rounded up
    const c = turnCredentials('s3cret', now, 3600, 'tabmpc-abc');
    expect(c.username).toBe(`${Date.UTC(2026, 0, 1) / 1000 + 3600}:tabmpc-abc`);
    expect(c.credential).toBe(createHmac('sha1', 's3cret').update(c.username).digest('base64'));
  });

  it('lists fixed servers, then STUN, then TURN with fresh credentials; never the secret', () => {
    const config: IceConfig = {
      fixed: [{ urls: ['stun:fixed.example:3478'] }],
      stun: ['stun:stun.example:3478'],
      turn: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'],
      turnSecret: 'never-sent',
      turnTtlSeconds: 600,
    };
    const servers = iceServersFor(config, 1_700_000_000_000, 'id1');
    expect(servers).toEqual([
      { urls: ['stun:fixed.example:3478'] },
      { urls: ['stun:stun.example:3478'] },
      { urls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'], username: '1700000600:tabmpc-id1', credential: turnPassword('never-sent', '1700000600:tabmpc-id1') },
    ]);
    expect(JSON.stringify(servers)).not.toContain('never-sent');
    // each client gets its own username
    expect(iceServersFor(config, 1_700_000_000_000)[2]?.username).not.toBe(iceServersFor(config, 1_700_000_000_000)[2]?.username);
  });
});

describe('ICE URLs and --ice-config files', () => {
  it('accepts RFC 7064/7065 URLs and names what is wrong with others', () => {
    for (const u of ['stun:stun.l.example.org', 'stun:10.0.0.1:3478', 'stuns:[::1]:5349']) expect(badIceUrl(u, 'stun')).toBeUndefined();
    for (const u of ['turn:10.0.0.1:3478?transport=udp', 'turns:turn.example:5349?transport=tcp', 'turn:turn.example']) expect(badIceUrl(u, 'turn')).toBeUndefined();
    expect(badIceUrl('http://x', 'stun')).toMatch(/"http:\/\/x" is not a STUN URL \(stun:host\[:port\]/);
    expect(badIceUrl('turn:x:99999', 'turn')).toMatch(/not a TURN URL/);
    expect(badIceUrl('turn:x?transport=sctp', 'turn')).toMatch(/not a TURN URL/);
    expect(badIceUrl('stun:x', 'turn')).toMatch(/not a TURN URL/);
  });

  it('reads both shapes RTCPeerConnection takes', () => {
    const one = { urls: 'turn:t.example:3478', username: 'u', credential: 'c' };
    expect(parseIceConfigFile(JSON.stringify([one]))).toEqual({ servers: [{ urls: ['turn:t.example:3478'], username: 'u', credential: 'c' }] });
    expect(parseIceConfigFile(JSON.stringify({ iceServers: [{ urls: ['stun:s.example'] }] }))).toEqual({ servers: [{ urls: ['stun:s.example'] }] });
  });

  it('refuses bad files with a reason', () => {
    expect(parseIceConfigFile('{')).toEqual({ error: 'is not valid JSON' });
    expect(parseIceConfigFile('{"a":1}')).toEqual({ error: expect.stringMatching(/must be a JSON array/) as unknown });
    expect(parseIceConfigFile('[{"urls":[]}]')).toEqual({ error: 'entry 0: "urls" must be a URL or a list of URLs' });
    expect(parseIceConfigFile('[{"urls":"turn:t"}]')).toEqual({ error: expect.stringMatching(/entry 0: a TURN server needs "username" and "credential"/) as unknown });
    expect(parseIceConfigFile('[{"urls":"stun:s","username":3}]')).toEqual({ error: 'entry 0: "username" and "credential" must be strings' });
    expect(parseIceConfigFile('[{"urls":"ftp:x"}]')).toEqual({ error: expect.stringMatching(/entry 0: "ftp:x" is not a STUN URL/) as unknown });
  });
});
