import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName, parseHostName } from './hosts';

describe('Host check (DNS rebinding)', () => {
  it('takes the name out of a Host header', () => {
    expect(hostName('Example.ORG:8080')).toBe('example.org');
    expect(hostName('example.org.')).toBe('example.org');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('10.0.0.1')).toBe('10.0.0.1');
  });

  it('answers IP literals, localhost and listed names; refuses other names', () => {
    const names = new Set(['tabmpc.test', 'lab-pc.local']);
    for (const h of ['127.0.0.1:8080', '192.168.1.20:8080', '[fd00::2]:8080', 'localhost:8080', 'TabMPC.test:8443', 'lab-pc.local', undefined]) {
      expect(hostAllowed(h, names), String(h)).toBe(true);
    }
    for (const h of ['attacker.example:8080', 'tabmpc.test.attacker.example', '', ':8080']) expect(hostAllowed(h, names), h).toBe(false);
  });

  it('takes host names for --allowed-hosts, not URLs or ports', () => {
    expect(parseHostName(' Lab.Example.org ')).toBe('lab.example.org');
    expect(parseHostName('lab-pc')).toBe('lab-pc');
    for (const bad of ['http://x', 'x:8080', 'a..b', '-', 'a b']) expect(parseHostName(bad), bad).toBeUndefined();
  });
});
