import { describe, expect, it } from 'vitest';
import { parsePartyFlags, serverOf } from './partyArgs';

const ROOM = '0123456789abcdef0123456789abcdef';

describe('tabmpc party: where the server and the room are', () => {
  it('takes the page address, an invite link or the signaling URL itself', () => {
    expect(serverOf('http://127.0.0.1:8080')).toEqual({ signalingUrl: 'ws://127.0.0.1:8080/signal', appOrigin: 'http://127.0.0.1:8080', room: null });
    expect(serverOf(`https://class.example:8443/?room=${ROOM}`)).toEqual({ signalingUrl: 'wss://class.example:8443/signal', appOrigin: 'https://class.example:8443', room: ROOM });
    expect(serverOf('ws://10.0.0.2:8080/signal')).toEqual({ signalingUrl: 'ws://10.0.0.2:8080/signal', appOrigin: 'http://10.0.0.2:8080', room: null });
  });

  it('joins by the link, or proposes a run with the CLI defaults (trust tfp, as tabmpc cost)', () => {
    const join = parsePartyFlags(['--url', `http://127.0.0.1:8080/?room=${ROOM}`]);
    expect(join).toMatchObject({ room: ROOM, create: null, propose: null, runs: null, json: false });
    const propose = parsePartyFlags(['--url', 'http://127.0.0.1:8080', '--create', '3', '--method', 'prime', '--n', '500', '--lo=-2', '--hi', '3', '--json']);
    expect(propose).toMatchObject({ room: null, create: 3, runs: 1, json: true, input: { kind: 'range', lo: -2, hi: 3, spacing: 'even' } });
    expect(propose.propose).toMatchObject({ method: 'prime', n: 500, field: 'FM128', profile: 'fast', trust: 'tfp', inputParty: 0, stepMode: false, net: null });
    expect(parsePartyFlags(['--url', 'http://h', '--create', '2', '--method', 'pade', '--trust', 'ot', '--runs', '3']).propose!.trust).toBe('ot');
  });
});
