/**
 * What a person reads when a run fails: a title (the error map's kind, src/link/errors.ts) and one
 * plain sentence saying what happened and what to do. The error's code and its technical message
 * are kept for a folded "Details" beside it, never repeated in the sentence.
 */
import { ERROR_TITLES, errorKind } from '../link/errors';

export interface RunErrorText {
  readonly title: string;
  readonly sentence: string;
}

const AGAIN = 'start a new run when every party is connected again';

/** The first party the message names ("party 2" → 2), or null. */
function namedParty(message: string): number | null {
  const m = /\bparty (\d+)\b/i.exec(message);
  return m ? Number(m[1]) : null;
}

/** Why another party `from` stopped the run (its abort's reason, as it sent it), in words. */
function abortedBy(from: number, reason: string, self: number): string {
  // passed on: party 1 tells party 2 of party 0's abort ("party 0 aborted the run: …" as its reason)
  const relayed = /^party (\d+) aborted the run: (.*)$/s.exec(reason);
  if (relayed) return abortedBy(Number(relayed[1]), relayed[2]!, self);
  if (reason === `aborted by party ${from}`) return `Party ${from} stopped the run; start a new one when you are ready.`;
  const lost = /^party (\d+) lost its connection to party (\d+)/.exec(reason);
  if (lost) {
    const other = Number(lost[2]) === self ? 'this tab' : `party ${lost[2]}`;
    return `Party ${lost[1]} lost its connection to ${other}, so the run stopped in every tab; ${AGAIN}.`;
  }
  if (/is busy with another run$/.test(reason)) return `Party ${from} is busy with another run, so this one did not start; try again when it is done.`;
  if (/could not start the run/.test(reason)) return `Party ${from} could not start the run, so it stopped in every tab; see the details, then try again.`;
  const unconfirmed = /has not confirmed the new party (\d+)/.exec(reason);
  if (unconfirmed) return `Party ${from} has not confirmed that it trusts the new party ${unconfirmed[1]}, so it refused the run; ask its user to confirm, then try again.`;
  if (/frame never came|no progress for/.test(reason)) return `Party ${from} stopped the run because a party went silent; check that every tab is still open, then ${AGAIN}.`;
  return `Party ${from} stopped the run after a fault on its side; start a new one, and reload the tabs if it happens again.`;
}

/** The title and sentence for a run's error of `code` with the technical `message`, in the tab of party `self`. */
export function runErrorText(code: string, message: string, self: number | null): RunErrorText {
  const title = ERROR_TITLES[errorKind(code)];
  const party = namedParty(message);
  const text = (sentence: string): RunErrorText => ({ title, sentence });
  switch (code) {
    case 'ERR_PEER_GONE':
      return text(`${party === null ? 'A party' : `Party ${party}`} left or lost its connection, so the run stopped; ${AGAIN}.`);
    case 'ERR_ABORTED': {
      const here = /^aborted here: (.*)$/.exec(message);
      if (here) {
        const by = /^aborted by party (\d+)$/.exec(here[1]!);
        if (by && Number(by[1]) === self) return text('You stopped the run; press Run to start a new one.');
        return text('This tab stopped the run; start a new one when you are ready.');
      }
      const from = /^party (\d+) aborted the run: (.*)$/s.exec(message);
      if (from) return text(abortedBy(Number(from[1]), from[2]!, self ?? -1));
      return text('The run was stopped; start a new one when you are ready.');
    }
    case 'ERR_TIMEOUT': {
      if (/frame never came/.test(message)) return text(`Party ${party} is connected but stopped sending, so the run stopped; check that its tab is still open, then ${AGAIN}.`);
      if (/no progress for/.test(message)) return text(`The run made no progress for too long, so it stopped; check that every tab is still open, then ${AGAIN}.`);
      if (/did not stop within/.test(message)) return text("This tab's computation stopped responding and was restarted; start a new run when every party is ready.");
      if (/did not take run/.test(message)) return text(`Not every party took the run in time, so it did not start; check that every tab is open, then try again.`);
      return text('The run waited too long and stopped; start a new one, and reload the tabs if it happens again.');
    }
    case 'ERR_BAD_FRAME':
      return text(`${party === null ? 'A party' : `Party ${party}`} sent data this tab could not read, so the run stopped; reload every tab and start again.`);
    case 'ERR_BAD_PROPOSAL':
      return text(`Party ${party ?? '?'} proposed settings this tab cannot accept (another version of the app?); reload every tab and try again.`);
    case 'ERR_RANGE':
      if (/input: /.test(message)) return text(`Your private input cannot be used (${message.replace(/^.*input: /, '')}); correct it and press Run again.`);
      return text(`A value is out of range for this run (${message}); change the settings and press Run again.`);
    case 'ERR_UNSUPPORTED':
    case 'ERR_UNCONFIRMED_SEAT':
      // already a plain sentence naming what to change (paramsProblem, runRefusal)
      return text(`${message.charAt(0).toUpperCase()}${message.slice(1)}${/\.$/.test(message) ? '' : '.'}`);
    default:
      return text('Something failed in this tab, so the run stopped; start a new run, and reload the tabs if it happens again.');
  }
}
