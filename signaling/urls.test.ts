import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { servedUrls } from './urls';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` });
const v6 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: `${address}/64`, scopeid: 0 });

const interfaces = { eth0: [v4('192.168.1.20'), v6('fd00::2'), v6('fe80::1')], lo: [v4('127.0.0.1', true), v6('::1', true)], wlan0: [v4('10.0.0.7')] };

describe('servedUrls', () => {
  it('lists every IPv4 address for 0.0.0.0, loopback first', () => {
    expect(servedUrls('0.0.0.0', 8080, 'http', interfaces)).toEqual(['http://127.0.0.1:8080/', 'http://192.168.1.20:8080/', 'http://10.0.0.7:8080/']);
  });

  it('adds IPv6 (bracketed, no link-local) for ::', () => {
    expect(servedUrls('::', 8443, 'https', interfaces)).toEqual([
      'https://127.0.0.1:8443/',
      'https://[::1]:8443/',
      'https://192.168.1.20:8443/',
      'https://[fd00::2]:8443/',
      'https://10.0.0.7:8443/',
    ]);
  });

  it('gives the one address a server bound to one address', () => {
    expect(servedUrls('127.0.0.1', 8080, 'http', interfaces)).toEqual(['http://127.0.0.1:8080/']);
    expect(servedUrls('fd00::2', 8080, 'http', interfaces)).toEqual(['http://[fd00::2]:8080/']);
  });
});
