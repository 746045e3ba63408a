import { useCallback } from 'react';
import { useStore } from 'zustand';
import { formShows, setFormProblem, setParams } from '../../app/runStore';
import { readDecimal, readWholeNumber } from '../../app/fieldReading';
import { useTabApp } from '../kit/tabAppContext';
import { defaultTrust, FIELDS, MAX_N, METHODS, OT_EXTENSIONS, PROFILES, TRUSTS, type RunParams } from '../../app/params';
import type { PrivateInput } from '../../app/inputs';
import { NetControls } from './NetControls';
import { NumberField } from './NumberField';
import { OfflineCostNote } from './OfflineCostNote';
import { Term, WithTerms } from '../kit/Glossary';
import { netLabel } from '../../app/netLabel';

const METHOD_HELP: Record<string, string> = {
  taylor: '(1 + x/2^N)^(2^N): N squarings in a row. Cheap, accurate only near 0.',
  pade: 'Degree-5 polynomial for the fraction, the integer part bit by bit. Accurate on ±22.',
  prime: 'Constant rounds through the field GF(2^127 − 1). Two parties, FM128 only.',
};

const PROFILE_HELP: Record<string, string> = {
  fast: 'Best kernels we know, batched by communication depth (default).',
  spu2024: "SecretFlow SPU's kernels as measured: reproduces its bytes and rounds exactly.",
};

const TRUST_HELP: Record<string, string> = {
  ot: 'OT: no party and no server learns anything but the result (semi-honest, dishonest majority); the tabs make their Beaver material themselves first, which costs an offline phase.',
  tfp: "Trusted first party: party 0 receives every party's seed and could learn every secret; no offline traffic. SPU's default, for speed and SPU's cost tables.",
};

const OT_EXTENSION_HELP: Record<string, string> = {
  softspoken4: 'SoftSpokenOT, k = 4: 4 bytes per oblivious transfer on the wire (default).',
  softspoken7: 'SoftSpokenOT, k = 7: 19 bits per oblivious transfer, about twice the computation of k = 4.',
  softspoken8: 'SoftSpokenOT, k = 8: 2 bytes per oblivious transfer, more computation.',
  iknp: 'IKNP: 16 bytes per oblivious transfer, the least computation.',
};

function Segmented<T extends string>(props: { label: string; value: T; options: readonly T[]; onChange: (v: T) => void; testid: string }) {
  return (
    <div className="field">
      <span className="label">{props.label}</span>
      <div className="segmented" role="radiogroup" aria-label={props.label}>
        {props.options.map((o) => (
          <button key={o} type="button" role="radio" aria-checked={props.value === o} className={props.value === o ? 'selected' : ''} onClick={() => props.onChange(o)} data-testid={`${props.testid}-${o}`}>
            {o}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * The run's shared settings (sent to every party, kept in the run store) and this tab's private
 * input (the run panel's state, never in a store: inputs.ts). During a run every tab's form shows
 * the running proposal's settings (the run store's `active`), whoever proposed it; the run's start
 * also makes them the form's own, so afterwards the form keeps them (runStore.ts, adoptRunParams).
 * A private field's reason (onInputProblem) stays in the run panel's state, not in a store.
 */
export function RunForm(props: {
  capacity: number;
  self: number;
  disabled: boolean;
  input: PrivateInput;
  onInput: (patch: Partial<PrivateInput>) => void;
  onInputProblem: (field: string, problem: string | null) => void;
}) {
  const runStore = useTabApp().stores.run;
  const set = (patch: Partial<RunParams>) => setParams(runStore, patch);
  // n changes the default trust until the user picks one (defaultTrust)
  const setN = (n: number) => runStore.setState((s) => ({ params: { ...s.params, n, ...(s.trustChosen ? {} : { trust: defaultTrust(n) }) } }));
  const nProblem = useCallback((problem: string | null) => setFormProblem(runStore, 'n', problem), [runStore]);
  const iterationsProblem = useCallback((problem: string | null) => setFormProblem(runStore, 'iterations', problem), [runStore]);
  const { onInputProblem } = props;
  const valueProblem = useCallback((problem: string | null) => onInputProblem('value', problem), [onInputProblem]);
  const loProblem = useCallback((problem: string | null) => onInputProblem('lo', problem), [onInputProblem]);
  const hiProblem = useCallback((problem: string | null) => onInputProblem('hi', problem), [onInputProblem]);
  const running = useStore(runStore, (s) => s.phase === 'running' && s.active !== null);
  const proposer = useStore(runStore, (s) => s.proposer);
  // a run's start replaces the shared fields' drafts with its settings (a new field per session)
  const session = useStore(runStore, (s) => s.session);
  const p = useStore(runStore, formShows);
  const { input, onInput: setInput } = props;
  const parties = Array.from({ length: props.capacity }, (_, i) => String(i));
  return (
    <fieldset className="run-form" disabled={props.disabled}>
      {running && (
        <legend className="form-shows-run" data-testid="form-shows-run">
          {proposer === props.self ? 'Your run is going: these are its settings.' : `Party ${proposer} started a run: these are its settings.`}
        </legend>
      )}
      <Segmented label="Method" value={p.method} options={METHODS} onChange={(method) => set({ method })} testid="method" />
      <p className="help">
        <WithTerms text={METHOD_HELP[p.method]!} />
      </p>
      {p.method === 'taylor' && (
        <NumberField
          key={`iterations-${session}`}
          label="Iterations N"
          value={p.iterations}
          read={(t) => readWholeNumber(t, 'Iterations N', 1, 20)}
          onValue={(iterations) => set({ iterations })}
          onProblem={iterationsProblem}
          inputMode="numeric"
          testid="iterations"
        />
      )}
      {p.method === 'prime' && (
        <div className="field checks">
          <label>
            <input type="checkbox" checked={p.lowerClamp} onChange={(e) => set({ lowerClamp: e.target.checked })} /> lower clamp
          </label>
          <label>
            <input type="checkbox" checked={p.upperClamp} onChange={(e) => set({ upperClamp: e.target.checked })} /> upper clamp
          </label>
          <Term id="clamp">what a clamp does</Term>
        </div>
      )}
      <div className="row">
        <NumberField key={`n-${session}`} label="Values n" value={p.n} read={(t) => readWholeNumber(t, 'Values n', 1, MAX_N)} onValue={setN} onProblem={nProblem} inputMode="numeric" testid="n" />
        <Segmented label="Input from party" value={String(Math.min(p.inputParty, props.capacity - 1))} options={parties} onChange={(v) => set({ inputParty: Number(v) })} testid="input-party" />
      </div>
      <details className="more-settings" data-testid="more-settings">
        <summary data-testid="more-settings-summary">
          More settings{' '}
          <span className="muted">
            (profile {p.profile} · ring {p.field} · batching {p.batching ? 'on' : 'off'} · trust {p.trust} · network {p.net ? netLabel(p.net) : 'none'} · compression {p.compression ? 'deflate' : 'off'})
          </span>
        </summary>
        <p className="help">
          In plain words: <Term id="profile">profile</Term>, <Term id="ring">ring</Term> and <Term id="fixed-point">fixed point</Term>, <Term id="batching">batching</Term>,
          trust models <Term id="trust-ot">ot</Term> and <Term id="trust-tfp">tfp</Term>.
        </p>
        <Segmented label="Profile" value={p.profile} options={PROFILES} onChange={(profile) => set({ profile })} testid="profile" />
        <p className="help">{PROFILE_HELP[p.profile]}</p>
        <div className="row">
          <Segmented label="Ring" value={p.field} options={FIELDS} onChange={(field) => set({ field })} testid="field" />
          <div className="field">
            <span className="label">Batching</span>
            <div className="segmented" role="radiogroup" aria-label="Batching">
              {(['on', 'off'] as const).map((b) => (
                <button key={b} type="button" role="radio" aria-checked={p.batching === (b === 'on')} className={p.batching === (b === 'on') ? 'selected' : ''} onClick={() => set({ batching: b === 'on' })} data-testid={`batching-${b}`}>
                  {b}
                </button>
              ))}
            </div>
          </div>
        </div>
        <Segmented
          label="Who makes the Beaver material"
          value={p.trust}
          options={TRUSTS}
          onChange={(trust) => {
            runStore.setState({ trustChosen: true });
            set({ trust });
          }}
          testid="trust"
        />
        <p className="help" data-testid="trust-help">
          {TRUST_HELP[p.trust]}
        </p>
        <OfflineCostNote parties={props.capacity} />
        {p.trust === 'ot' && (
          <details className="advanced">
            <summary>Advanced: OT extension ({p.otExtension})</summary>
            <Segmented label="OT extension" value={p.otExtension} options={OT_EXTENSIONS} onChange={(otExtension) => set({ otExtension })} testid="ot-extension" />
            <p className="help">{OT_EXTENSION_HELP[p.otExtension]}</p>
          </details>
        )}
        <NetControls />
      </details>
      <div className="field">
        <span className="label">Step through rounds</span>
        <div className="segmented" role="radiogroup" aria-label="Step through rounds">
          {(['off', 'on'] as const).map((v) => (
            <button key={v} type="button" role="radio" aria-checked={p.stepMode === (v === 'on')} className={p.stepMode === (v === 'on') ? 'selected' : ''} onClick={() => set({ stepMode: v === 'on' })} data-testid={`step-${v}`}>
              {v}
            </button>
          ))}
        </div>
      </div>
      <div className="private-input">
        <h3>
          Your private input <span className="muted">(used only if you are the input party; never sent in the clear)</span>
        </h3>
        <div className="row">
          <Segmented label="Kind" value={input.kind} options={['range', 'value'] as const} onChange={(kind) => setInput({ kind })} testid="input-kind" />
          {input.kind === 'value' ? (
            <NumberField label="x" value={input.value} read={(t) => readDecimal(t, 'x')} onValue={(value) => setInput({ value })} onProblem={valueProblem} inputMode="decimal" testid="input-value" />
          ) : (
            <>
              <NumberField label="from" value={input.lo} read={(t) => readDecimal(t, 'from')} onValue={(lo) => setInput({ lo })} onProblem={loProblem} inputMode="decimal" testid="input-lo" />
              <NumberField label="to" value={input.hi} read={(t) => readDecimal(t, 'to')} onValue={(hi) => setInput({ hi })} onProblem={hiProblem} inputMode="decimal" testid="input-hi" />
              <Segmented label="Spacing" value={input.spacing} options={['even', 'random'] as const} onChange={(spacing) => setInput({ spacing })} testid="input-spacing" />
            </>
          )}
        </div>
        {props.self === p.inputParty && <p className="help">You are the input party for this run.</p>}
      </div>
    </fieldset>
  );
}
