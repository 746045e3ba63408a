import { describe, expect, it } from 'vitest';
import { MpcError } from '../errors';
import { Inbox } from './inbox';

const frame = (n: number) => new Uint8Array(n);

describe('Inbox', () => {
  it('hands frames out in order, to waiting receives first', async () => {
    const box = new Inbox(1);
    const first = box.receive();
    box.push(frame(1));
    box.push(frame(2));
    expect((await first).length).toBe(1);
    expect((await box.receive()).length).toBe(2);
    expect(box.waiting()).toEqual({ frames: 0, bytes: 0 });
  });

  it('keeps frames that came before the error readable, then rejects with it', async () => {
    const failures: MpcError[] = [];
    const box = new Inbox(1, null, (e) => failures.push(e));
    box.push(frame(3));
    const err = new MpcError('ERR_PEER_GONE', 'gone');
    expect(box.fail(err)).toBe(true);
    expect(box.fail(new MpcError('ERR_ABORTED', 'later'))).toBe(false);
    expect(box.push(frame(4))).toBe(false);
    expect((await box.receive()).length).toBe(3);
    await expect(box.receive()).rejects.toBe(err);
    expect(failures).toEqual([err]);
  });

  it('fails the peer with ERR_BAD_FRAME past its frame or byte limit, and drops what waits', async () => {
    const byCount = new Inbox(2, { frames: 2, bytes: 100 });
    expect(byCount.push(frame(1)) && byCount.push(frame(1))).toBe(true);
    expect(byCount.push(frame(1))).toBe(false);
    expect(byCount.waiting()).toEqual({ frames: 0, bytes: 0 });
    await expect(byCount.receive()).rejects.toMatchObject({ code: 'ERR_BAD_FRAME', message: expect.stringContaining('party 2 sent more than 2 frames') });

    const byBytes = new Inbox(0, { frames: 8, bytes: 10 });
    expect(byBytes.push(frame(10))).toBe(true);
    expect(byBytes.push(frame(1))).toBe(false);
    expect(byBytes.error?.code).toBe('ERR_BAD_FRAME');
  });

  it('counts admitted frames until a receive takes them', async () => {
    const box = new Inbox(1, { frames: 2, bytes: 100 });
    expect(box.admit(5)).toBe(true);
    expect(box.waiting()).toEqual({ frames: 1, bytes: 5 });
    box.deliver(frame(5));
    await box.receive();
    expect(box.waiting()).toEqual({ frames: 0, bytes: 0 });
  });
});
