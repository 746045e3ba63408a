import { describe, expect, it } from 'vitest';
import { memoryNetwork } from './memoryTransport';

describe('the in-memory network', () => {
  it('hands a frame\'s parts over as they were sent, in order', async () => {
    const net = memoryNetwork(2);
    const [a, b] = net.transports;
    const head = new Uint8Array([1, 2]);
    const payload = new Uint8Array([3, 4, 5]);
    a!.send(1, [head, payload]);
    a!.send(1, new Uint8Array([9]));
    const got = await b!.receive(0);
    expect(Array.isArray(got)).toBe(true);
    expect((got as Uint8Array[])[1]).toBe(payload);
    expect(await b!.receive(0)).toEqual(new Uint8Array([9]));
  });

  it('with checkSent, catches a payload written after it was sent (by its sender or a receiver)', async () => {
    const net = memoryNetwork(2, { checkSent: true });
    const [a, b] = net.transports;
    const payload = new Uint8Array([3, 4, 5]);
    a!.send(1, [new Uint8Array([1]), payload]);
    net.verify();
    const got = (await b!.receive(0)) as Uint8Array[];
    got[1]![0] = 99; // a receiver writing into what it received writes into the sender's array
    expect(() => net.verify()).toThrow(/frame 0 from party 0 to party 1 changed after it was sent/);
    expect(() => a!.send(1, new Uint8Array(1))).toThrow(/changed after it was sent/);
  });

  it('without checkSent, verify does nothing', () => {
    const net = memoryNetwork(2);
    const p = new Uint8Array(2);
    net.transports[0]!.send(1, [p]);
    p[0] = 1;
    expect(() => net.verify()).not.toThrow();
  });
});
