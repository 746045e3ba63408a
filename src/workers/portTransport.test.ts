/**
 * The worker's frame port, without a worker: each party's engine talks to a PortTransport whose
 * port is pumped into the in-memory network, exactly as the page pumps it into the WebRTC mesh.
 */
import { describe, expect, it } from 'vitest';
import { seededEntropy } from '../mpc/prg/entropy';
import { MpcError } from '../mpc/errors';
import { runExpSession } from '../mpc/session/expSession';
import { memoryNetwork } from '../mpc/io/memoryTransport';
import { joinFrame } from '../mpc/sched/frameBytes';
import { pumpFrames } from '../app/partyWorker';
import { PortTransport } from './portTransport';
import type { PortIn } from './api';

describe('PortTransport + pumpFrames', () => {
  it('carries a whole exp session, with the same costs as in process', async () => {
    const net = memoryNetwork(2);
    const xs = [-1, 0, 0.5, 2];
    const stops: (() => void)[] = [];
    const runs = await Promise.all(
      net.transports.map((t) => {
        const ch = new MessageChannel();
        stops.push(pumpFrames(t, ch.port1).stop);
        const pt = new PortTransport(t.self, 2, ch.port2);
        return runExpSession(pt, { method: 'prime', field: 'FM128', profile: 'spu2024', n: xs.length, inputParty: 0 }, t.self === 0 ? xs : null, {
          entropy: seededEntropy(t.self),
        }).finally(() => pt.close());
      }),
    );
    stops.forEach((s) => s());
    runs[1]!.y.forEach((v, i) => expect(Math.abs(v / Math.exp(xs[i]!) - 1)).toBeLessThan(1e-5));
    expect(runs[0]!.exp.rounds).toBe(12);
    expect(runs[0]!.exp.payloadBytesSent).toBe(169 * xs.length);
  });

  it('turns a peer failure on the page side into an engine error naming the peer', async () => {
    const net = memoryNetwork(2);
    const ch = new MessageChannel();
    const pump = pumpFrames(net.transports[0]!, ch.port1);
    const pt = new PortTransport(0, 2, ch.port2);
    const pending = pt.receive(1);
    net.close(new MpcError('ERR_PEER_GONE', 'party 1 left the room'));
    await expect(pending).rejects.toMatchObject({ code: 'ERR_PEER_GONE', message: 'party 1 left the room' });
    pump.stop();
    pt.close();
  });

  it("fails every waiting receive of the run at once with the first failed peer's error", async () => {
    // Three parties, the link 0–1 cut: party 0 already holds party 1's frame of the round and
    // waits only for party 2's, which never comes (party 2 waits for the round too). The receive
    // from party 2 must end now with party 1's error, not on the frame-silence limit naming party 2.
    const ch = new MessageChannel();
    const pt = new PortTransport(0, 3, ch.port2);
    const page = (m: PortIn) => ch.port1.postMessage(m);
    page({ type: 'frame', from: 1, bytes: Uint8Array.of(1, 2, 3).buffer });
    expect([...(await pt.receive(1))]).toEqual([1, 2, 3]);
    const fromTwo = pt.receive(2);
    const failures: string[] = [];
    pt.onFailure((e) => failures.push(e.message));
    page({ type: 'peer-error', from: 1, code: 'ERR_PEER_GONE', message: 'party 0 lost its connection to party 1' });
    const outcome = await Promise.race([fromTwo.then(() => 'a frame', (e: MpcError) => e), new Promise((r) => setTimeout(() => r('still waiting'), 1_000))]);
    expect(outcome).toMatchObject({ code: 'ERR_PEER_GONE', message: 'party 0 lost its connection to party 1' });
    // later receives and sends to any peer fail the same way; a later failure of party 2 changes nothing
    page({ type: 'peer-error', from: 2, code: 'ERR_TIMEOUT', message: 'party 2 is connected but its frame never came' });
    await expect(pt.receive(2)).rejects.toMatchObject({ code: 'ERR_PEER_GONE', message: 'party 0 lost its connection to party 1' });
    expect(() => pt.send(2, Uint8Array.of(9))).toThrow('party 0 lost its connection to party 1');
    expect(failures).toEqual(['party 0 lost its connection to party 1']);
    pt.close();
  });

  it("forwards every frame the worker posted before its 'end', however soon the page asks", async () => {
    // The page learns a run is over from comlink, which may overtake the frame port; stopping the
    // pump then dropped our last frame and the peer waited forever (seen in three-tab runs).
    const net = memoryNetwork(2);
    const ch = new MessageChannel();
    const pump = pumpFrames(net.transports[0]!, ch.port1);
    const pt = new PortTransport(0, 2, ch.port2);
    const last = Uint8Array.of(7, 7, 7);
    pt.send(1, last);
    pt.close();
    await pump.ended(5_000);
    pump.stop();
    expect([...(await net.transports[1]!.receive(0))]).toEqual([7, 7, 7]);
  });

  it('joins a frame of parts into one moved buffer for the page, never moving the parts themselves', async () => {
    const net = memoryNetwork(2);
    const ch = new MessageChannel();
    const pump = pumpFrames(net.transports[0]!, ch.port1);
    const pt = new PortTransport(0, 2, ch.port2);
    const head = Uint8Array.of(1, 2);
    const payload = new Uint8Array(new ArrayBuffer(16), 4, 3).fill(5); // a view, as protocol payloads are
    const single = Uint8Array.of(9);
    pt.send(1, [head, payload]);
    pt.send(1, single);
    pt.close();
    await pump.ended(5_000);
    pump.stop();
    expect([...joinFrame(await net.transports[1]!.receive(0))]).toEqual([1, 2, 5, 5, 5]);
    expect([...joinFrame(await net.transports[1]!.receive(0))]).toEqual([9]);
    // still the sender's: a transferred buffer would be detached (length 0)
    expect([...head, ...payload, ...single]).toEqual([1, 2, 5, 5, 5, 9]);
    expect(payload.buffer.byteLength).toBe(16);
  });

  it('says so when the worker never ends its frame port', async () => {
    const net = memoryNetwork(2);
    const ch = new MessageChannel();
    const pump = pumpFrames(net.transports[0]!, ch.port1);
    await expect(pump.ended(20)).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    pump.stop();
    ch.port2.close();
  });
});
