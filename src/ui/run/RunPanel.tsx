import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { connectedParties } from '../../app/lobbyStore';
import { FramesPath } from './FramesPath';
import { LiveCounters } from './LiveCounters';
import { paramsProblem } from '../../app/params';
import { netLabel } from '../../app/netLabel';
import { RunForm } from './RunForm';
import { RunResult } from './RunResult';
import { Lab } from '../lab/Lab';
import { StepMode } from '../lab/StepMode';
import { DEFAULT_INPUT, inputProblem, type PrivateInput } from '../../app/inputs';
import { formProblem } from '../../app/runStore';
import { RunError } from './RunError';
import { SeatNotices } from '../kit/SeatNotices';
import { unconfirmedDealer } from '../../app/seats';
import { useTabApp } from '../kit/tabAppContext';
import { Term } from '../kit/Glossary';
import './run.css';

/**
 * Set up a run, watch it go round by round, and read its outcome. This tab's private input lives
 * here, in React state (and a ref the runs read when a run needs it), never in a store.
 */
export function RunPanel() {
  const app = useTabApp();
  const { lobby: lobbyStore, run: runStore } = app.stores;
  const comparisonStore = app.stores.comparison.store;
  const [input, setInput] = useState<PrivateInput>(DEFAULT_INPUT);
  const inputRef = useRef<PrivateInput>(DEFAULT_INPUT);
  const inputProblemsRef = useRef<Readonly<Record<string, string>>>({});
  // a field whose text cannot be used reads as NaN, so a run asking for it fails with a reason
  // (inputProblem) instead of using the field's last usable value
  const readInput = useCallback((): PrivateInput => {
    const bad = Object.keys(inputProblemsRef.current);
    return bad.length === 0 ? inputRef.current : { ...inputRef.current, ...Object.fromEntries(bad.map((k) => [k, Number.NaN])) };
  }, []);
  const onInput = useCallback((patch: Partial<PrivateInput>) => {
    inputRef.current = { ...inputRef.current, ...patch };
    setInput(inputRef.current);
  }, []);
  // this tab's private fields that cannot be used (field → reason): React state, like the input
  const [inputProblems, setInputProblems] = useState<Readonly<Record<string, string>>>({});
  const onInputProblem = useCallback((field: string, problem: string | null) => {
    const old = inputProblemsRef.current;
    if ((old[field] ?? null) === problem) return;
    const { [field]: _gone, ...rest } = old;
    inputProblemsRef.current = problem === null ? rest : { ...rest, [field]: problem };
    setInputProblems(inputProblemsRef.current);
  }, []);
  const phase = useStore(lobbyStore, (s) => s.phase);
  const capacity = useStore(lobbyStore, (s) => s.capacity);
  const self = useStore(lobbyStore, (s) => s.self);
  const connected = useStore(lobbyStore, connectedParties);
  const runPhase = useStore(runStore, (s) => s.phase);
  const params = useStore(runStore, (s) => s.params);
  const active = useStore(runStore, (s) => s.active);
  const proposer = useStore(runStore, (s) => s.proposer);
  const error = useStore(runStore, (s) => s.error);
  const fieldProblem = useStore(runStore, formProblem);
  // a comparison proposes its own runs; one from the form in between would find the peers busy
  const comparing = useStore(comparisonStore, (s) => s.series?.running ?? false);
  // a new party 0 this tab's user has not trusted yet: no run from here (seats.ts)
  const untrusted = useStore(lobbyStore, (s) => unconfirmedDealer(s.seats) !== null) && params.trust === 'tfp';
  const mesh = phase === 'in-room' ? app.room.mesh() : null;
  useEffect(() => app.runs.attach(mesh, readInput), [app, mesh, readInput]);

  if (phase !== 'in-room' || capacity === null || self === null) {
    return (
      <section className="card run-panel" data-testid="run-panel" aria-label="Run">
        <h2>Run</h2>
        <p className="muted" data-testid="run-slot-status">
          Create or join a room to start.
        </p>
      </section>
    );
  }
  const ready = connected === capacity;
  // what keeps Run from starting, the form's fields first (their texts as typed, never clamped)
  const inputFieldProblem = Object.values(inputProblems)[0] ?? null;
  const ownInputProblem = self === params.inputParty ? (inputFieldProblem ?? inputProblem(input)) : null;
  const refusal = fieldProblem ?? ownInputProblem;
  const problem = refusal ?? paramsProblem(params, capacity);
  const running = runPhase === 'running';
  return (
    <section className="card run-panel" data-testid="run-panel" data-run-phase={runPhase} aria-label="Run">
      <div className="run-head">
        <h2>Compute exp(x) on secret data</h2>
        <span className="muted" data-testid="run-slot-status">
          {ready ? `All ${capacity} parties are connected.` : `Waiting for peers: ${connected} of ${capacity} parties connected.`}
        </span>
      </div>
      <div className="run-columns">
        <div>
          <RunForm capacity={capacity} self={self} disabled={running} input={input} onInput={onInput} onInputProblem={onInputProblem} />
          <SeatNotices where="run" />
          <div className="actions">
            {running ? (
              <button type="button" className="danger" onClick={() => app.runs.abort(`aborted by party ${self}`)} data-testid="abort-run">
                Abort run
              </button>
            ) : (
              <button type="button" className="primary" disabled={!ready || problem !== null || comparing || untrusted} onClick={() => mesh && app.runs.propose(mesh, readInput)} data-testid="start-run">
                Run on {params.n.toLocaleString('en-US')} values
              </button>
            )}
            {!running && problem && (
              <span className="warning" role="alert" data-testid="run-problem">
                {refusal ? `Run refused: ${refusal}` : problem}
              </span>
            )}
          </div>
          <p className="help model" data-testid="trust-model">
            <Term id="semi-honest">Semi-honest</Term> parties;{' '}
            {params.trust === 'ot' ? (
              <>
                the tabs make their <Term id="beaver-triple">Beaver triples</Term> themselves by <Term id="oblivious-transfer">oblivious transfer</Term>: no tab learns another's input (
                <Term id="trust-ot">trust model ot</Term>).
              </>
            ) : (
              <>
                party 0 hands out the <Term id="beaver-triple">Beaver triples</Term> and could learn every secret: a demonstration (
                <Term id="trust-tfp">trust model tfp</Term>).
              </>
            )}
          </p>
        </div>
        <div className="run-status">
          {active && runPhase !== 'idle' && (
            <>
              <p className="muted" data-testid="run-summary-line">
                Party {proposer} started: {active.method}
                {active.method === 'taylor' ? `-${active.iterations}` : ''}, profile {active.profile}, <Term id="ring">{active.field}</Term>, batching {active.batching ? 'on' : 'off'},{' '}
                {active.n.toLocaleString('en-US')} values from party {active.inputParty}, network <span data-testid="run-summary-net">{netLabel(active.net)}</span>
                {active.compression ? ', frames deflated' : ''}.
              </p>
              {/* the outcome first: next to the Run button without scrolling (issue 15) */}
              {runPhase === 'done' && <RunResult self={self} />}
              <FramesPath self={self} parties={capacity} />
              <StepMode self={self} />
              {runPhase !== 'error' && <LiveCounters self={self} />}
            </>
          )}
          {runPhase === 'error' && error && <RunError code={error.code} message={error.message} self={self} />}
          <HowToRead />
        </div>
      </div>
      <Lab self={self} readInput={readInput} />
    </section>
  );
}

/** What the counters mean: above the numbers' place before the first run, below them after. */
function HowToRead() {
  return (
    <section className="how-to-read" aria-labelledby="how-to-read-title" data-testid="how-to-read">
      <h3 id="how-to-read-title">What the numbers mean</h3>
      <p>
        The input party splits its values into random-looking <Term id="share">shares</Term>, one per tab. The tabs then compute on shares only: every multiplication or
        comparison needs a <Term id="round">round</Term>, in which each tab sends one message to each other tab and waits for theirs.
      </p>
      <p>
        <strong>Rounds</strong> are exchanges that carry everything ready at the same moment (<Term id="batching">batching</Term>), so rounds, not messages, set the pace.{' '}
        <Term id="payload-bytes">Payload bytes</Term> are the protocol's own bytes (what SecretFlow SPU counts); <Term id="frame-bytes">frame bytes</Term> add our headers. In
        two-party runs the counters equal SPU's per-party "send bytes" and "send actions".
      </p>
      <p>
        At the end the result is opened to every tab (<Term id="opening">opening</Term>); only the input party knows x and can compare with Math.exp (
        <Term id="relative-error">relative error</Term>).
      </p>
    </section>
  );
}
