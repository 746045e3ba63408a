import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES, KERNELS } from '../../mpc/protocols/semi2k/kernels';
import { profileOf } from '../../mpc/protocols/semi2k/profile';
import { runExpInProcess } from '../../mpc/session/expRun';
import type { PendingRound, RoundRecord } from '../../workers/api';
import { packetWords } from './packetWords';
import { buildPicture, pictureTraffic, trafficOfPending, trafficOfRecord } from './protocolPictureModel';

/** Party 0's record of a round of three parties: two mul_aa entries, a trunc_a, and nothing for node 9. */
function record(round: number): RoundRecord {
  return {
    phase: 'online',
    round,
    nodes: [4, 5, 6, 9],
    opNames: ['mul_aa', 'mul_aa', 'trunc_a', 'a2p'],
    payloadBytesSent: [0, 32 + 32 + 16, 32 + 32 + 16],
    payloadBytesReceived: [0, 80, 80],
    entryBytesSent: [[0, 32, 32], [0, 32, 32], [0, 16, 16], [0, 0, 0]],
    entryBytesReceived: [[0, 32, 32], [0, 32, 32], [0, 16, 16], [0, 0, 0]],
    sentAt: 10,
    doneAt: 12,
    computeMs: 1,
  };
}

describe('protocol picture', () => {
  it('groups a round into one packet per direction and operation kind, named and sized, empty entries left out', () => {
    const pic = buildPicture(trafficOfRecord(record(3)), 0);
    expect(pic).toMatchObject({ round: 3, status: 'sent', self: 0, parties: 3 });
    expect(pic.lanes.map((l) => l.peer)).toEqual([1, 2]);
    const lane = pic.lanes[0]!;
    expect(lane.out.map((p) => [p.from, p.to, p.op, p.operations, p.bytes])).toEqual([
      [0, 1, 'mul_aa', 2, 64],
      [0, 1, 'trunc_a', 1, 16],
    ]);
    expect(lane.in.map((p) => [p.from, p.to, p.op, p.bytes])).toEqual([
      [1, 0, 'mul_aa', 64],
      [1, 0, 'trunc_a', 16],
    ]);
    expect(lane.out[0]!.what).toBe('masked differences e = x − a, d = y − b');
    expect(lane.out[0]!.why).toBe('Beaver multiplication');
    expect(lane.out[1]!.what).toBe('masked value c = x + r');
    expect([lane.bytesOut, lane.bytesIn]).toEqual([80, 80]);
  });

  it('shows a held round as ready, with what it is about to send and the lengths it will accept', () => {
    const pending: PendingRound = {
      phase: 'online',
      round: 4,
      opNames: ['square_a'],
      nodes: [7],
      payloadBytes: [1600, 0],
      entryBytes: [[1600, 0]],
      entryBytesExpected: [[1600, 0]],
      preview: [new Uint8Array(0), new Uint8Array(0)],
    };
    const pic = buildPicture(trafficOfPending(pending), 1);
    expect(pic.status).toBe('ready');
    expect(pic.lanes).toHaveLength(1);
    expect(pic.lanes[0]!.out).toMatchObject([{ from: 1, to: 0, op: 'square_a', what: 'masked difference e = x − a', bytes: 1600 }]);
    expect(pic.lanes[0]!.bytesIn).toBe(1600);
  });

  it('shows the picked round if it completed, else the held round, else the latest', () => {
    const rounds = [record(1), record(2), { ...record(1), phase: 'offline' as const, round: 5 }];
    const pending = { phase: 'online', round: 3, opNames: [], nodes: [], payloadBytes: [0, 0, 0], entryBytes: [], entryBytesExpected: [], preview: [] } satisfies PendingRound;
    expect(pictureTraffic(rounds, pending, 1)?.round).toBe(1);
    expect(pictureTraffic(rounds, pending, 1)?.status).toBe('sent');
    expect(pictureTraffic(rounds, pending, 9)?.status).toBe('ready');
    expect(pictureTraffic(rounds, null, 5)?.round).toBe(2); // an offline round is no online round 5
    expect(pictureTraffic(rounds, null, null)?.round).toBe(2);
    expect(pictureTraffic([], null, null)).toBeNull();
  });

  it('names an operation without words of its own as it is, never blank', () => {
    const pic = buildPicture({ round: 1, status: 'sent', nodes: [0], opNames: ['probe'], sent: [[0, 8]], received: [[0, 8]], parties: 2 }, 0);
    expect(pic.lanes[0]!.out).toMatchObject([{ op: 'probe', what: 'masked values', why: 'probe', bytes: 8 }]);
  });

  it('has words for every kernel that sends', () => {
    const sending = KERNEL_NAMES.filter((name) => {
      const k = KERNELS[name];
      return k.kind === 'kernel' && k.graphNode && k.cost({ field: 'FM128', parties: 2, n: 1, fxp: 26, nbits: 8, profile: profileOf('fast') }).bytesSent > 0;
    });
    expect(sending.length).toBeGreaterThan(10);
    expect(sending.filter((name) => packetWords(name) === null)).toEqual([]);
  });

  for (const cfg of [
    { method: 'pade', profile: 'fast', parties: 2 },
    { method: 'taylor', profile: 'spu2024', parties: 3 },
    { method: 'prime', profile: 'fast', parties: 2 },
  ] as const) {
    it(`sizes add up to each round's counted bytes per peer, both ways, in a real ${cfg.method} run of ${cfg.parties} parties`, async () => {
      const res = await runExpInProcess([-3, -0.5, 0, 1.25, 4], { ...cfg, field: 'FM128', seed: 5 });
      const online = res.rounds.filter((r) => r.phase === 'online');
      expect(online.length).toBeGreaterThan(1);
      let total = 0;
      for (const r of online) {
        const pic = buildPicture(trafficOfRecord(r), 0);
        expect(pic.lanes.map((l) => l.peer)).toEqual([...Array(cfg.parties).keys()].slice(1));
        for (const lane of pic.lanes) {
          expect(lane.bytesOut).toBe(r.payloadBytesSent[lane.peer]);
          expect(lane.bytesIn).toBe(r.payloadBytesReceived[lane.peer]);
          expect(lane.out.every((p) => p.bytes > 0 && packetWords(p.op) !== null)).toBe(true);
        }
        total += pic.lanes.reduce((s, l) => s + l.bytesOut, 0);
      }
      // the exp's rounds and the one opening the result: the run's counted payload, and the opening's shares
      const opening = (cfg.parties - 1) * 16 * 5;
      expect(total).toBe(res.traffic[0]!.payloadBytesSent + opening);
      expect(buildPicture(trafficOfRecord(online.at(-1)!), 0).lanes[0]!.out.map((p) => p.op)).toEqual(['a2p']);
    });
  }
});
