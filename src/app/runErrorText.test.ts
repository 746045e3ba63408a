import { describe, expect, it } from 'vitest';
import { runErrorText } from './runErrorText';

describe("a run error's words", () => {
  it('a peer gone: one sentence naming the party and what to do, no technical reason', () => {
    const t = runErrorText('ERR_PEER_GONE', 'the frames channel to party 1 closed (the party left, or its worker stopped: User-Initiated Abort, reason=Close called)', 0);
    expect(t).toEqual({ title: 'Peer left', sentence: 'Party 1 left or lost its connection, so the run stopped; start a new run when every party is connected again.' });
  });

  it('an abort says who stopped the run, without "aborted here" or "aborted by"', () => {
    expect(runErrorText('ERR_ABORTED', 'aborted here: aborted by party 0', 0)).toEqual({ title: 'Aborted', sentence: 'You stopped the run; press Run to start a new one.' });
    expect(runErrorText('ERR_ABORTED', 'party 0 aborted the run: aborted by party 0', 2).sentence).toBe('Party 0 stopped the run; start a new one when you are ready.');
    // passed on by party 1, which heard it first
    expect(runErrorText('ERR_ABORTED', 'party 1 aborted the run: party 0 aborted the run: aborted by party 0', 2).sentence).toBe('Party 0 stopped the run; start a new one when you are ready.');
    expect(runErrorText('ERR_ABORTED', 'party 1 aborted the run: party 1 lost its connection to party 0 (the frames channel to party 0 closed)', 2).sentence).toBe(
      'Party 1 lost its connection to party 0, so the run stopped in every tab; start a new run when every party is connected again.',
    );
    expect(runErrorText('ERR_ABORTED', 'party 1 aborted the run: party 1 lost its connection to party 0 (x)', 0).sentence).toMatch(/^Party 1 lost its connection to this tab,/);
    expect(runErrorText('ERR_ABORTED', 'party 1 aborted the run: party 1 has not confirmed the new party 0 (a new tab since 18:02:11, which would receive every party\'s seed); its user must press "I trust the new party 0" first', 0).sentence).toBe(
      'Party 1 has not confirmed that it trusts the new party 0, so it refused the run; ask its user to confirm, then try again.',
    );
    expect(runErrorText('ERR_ABORTED', 'party 2 aborted the run: party 2 is busy with another run', 0).sentence).toMatch(/^Party 2 is busy with another run/);
    expect(runErrorText('ERR_ABORTED', 'party 1 aborted the run: online round 3: party 2 is connected but its frame never came (6 s)', 0).sentence).toMatch(/^Party 1 stopped the run because a party went silent;/);
  });

  it('a timeout, a bad input, an unsupported setting: what happened and what to do', () => {
    expect(runErrorText('ERR_TIMEOUT', 'online round 3: party 1 is connected but its frame never came (nothing from it for 6 s while waiting)', 0)).toEqual({
      title: 'Run failed',
      sentence: 'Party 1 is connected but stopped sending, so the run stopped; check that its tab is still open, then start a new run when every party is connected again.',
    });
    expect(runErrorText('ERR_RANGE', "party 0's input: the range bounds must be numbers", 0).sentence).toBe('Your private input cannot be used (the range bounds must be numbers); correct it and press Run again.');
    expect(runErrorText('ERR_UNSUPPORTED', "exp method 'prime' runs with 2 parties on FM128 only (this room: 3 parties, FM128); use 'taylor' or 'pade'", 0).sentence).toBe(
      "Exp method 'prime' runs with 2 parties on FM128 only (this room: 3 parties, FM128); use 'taylor' or 'pade'.",
    );
    expect(runErrorText('ERR_SHAPE', 'kernel mul_aa: lengths 3 and 4', 0).sentence).toMatch(/^Something failed in this tab/);
  });

  it('never repeats the title or shows a code', () => {
    for (const [code, msg] of [
      ['ERR_PEER_GONE', 'party 1 closed the connection'],
      ['ERR_ABORTED', 'party 0 aborted the run: aborted by party 0'],
      ['ERR_TIMEOUT', 'no progress for 90 s: round 4 of 13 never completed, and nothing arrived from party 1 in that time'],
    ] as const) {
      const t = runErrorText(code, msg, 1);
      expect(t.sentence).not.toMatch(/ERR_|aborted|Peer left/);
      expect(t.sentence.split(/[.!?](\s|$)/).filter((s) => s.trim()).length).toBe(1);
    }
  });
});
