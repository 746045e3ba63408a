import { useStore } from 'zustand';
import { fmtInt } from '../kit/format';
import { useTabApp } from '../kit/tabAppContext';
import { WithTerms } from '../kit/Glossary';
import { explainOp } from './explanations';
import './step.css';

/** The first bytes of a payload as hex, grouped by four. */
function hex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    parts.push(Array.from(bytes.subarray(i, i + 4), (b) => b.toString(16).padStart(2, '0')).join(''));
  }
  return parts.join(' ');
}

/**
 * Step mode: the run stops before each round; this shows what this party is about to send to each
 * peer and what it will do with what comes back, and lets the round go.
 */
export function StepMode(props: { self: number }) {
  const app = useTabApp();
  const runStore = app.stores.run;
  const active = useStore(runStore, (s) => s.active);
  const phase = useStore(runStore, (s) => s.phase);
  const progress = useStore(runStore, (s) => s.progress);
  if (!active?.stepMode || phase !== 'running' || !progress) return null;
  const paused = progress.paused;
  const done = progress.round;
  return (
    <section className="card step-mode" data-testid="step-mode" aria-label="Step through rounds">
      <div className="step-head">
        <h2>Step through rounds</h2>
        <span className="muted" data-testid="step-status">
          {paused ? `round ${fmtInt(paused.round)} of ${fmtInt(progress.plannedRounds)} is ready to go` : `${fmtInt(done)} rounds done, computing the next one…`}
        </span>
      </div>
      <p className="help">
        Every tab holds its own party's frames until you press Next round here; a round completes when all tabs have let theirs go.
      </p>
      {paused && (
        <>
          <h3>What happens in this round</h3>
          <ul className="step-ops">
            {[...new Set(paused.opNames)].map((op) => {
              const e = explainOp(op);
              return (
                <li key={op}>
                  <code>{op}</code>
                  {e ? (
                    <>
                      {' '}
                      <strong>{e.title}.</strong> <WithTerms text={e.text} />
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <h3>What party {props.self} is about to send</h3>
          <table className="step-payload" data-testid="step-payload">
            <thead>
              <tr>
                <th>to</th>
                <th>payload bytes</th>
                <th>first bytes</th>
              </tr>
            </thead>
            <tbody>
              {paused.payloadBytes.map((bytes, peer) =>
                peer === props.self ? null : (
                  <tr key={peer}>
                    <td>party {peer}</td>
                    <td className="num">{fmtInt(bytes)}</td>
                    <td className="hex">{hex(paused.preview[peer]!)}…</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
          <p className="help">
            Masked values: each is a share, or a value plus a random mask, so it looks random and tells the receiver nothing on its own. Only combined
            with every other party's share would it reveal anything.
          </p>
          <button type="button" className="primary" onClick={app.runs.step} data-testid="step-next">
            Next round
          </button>
        </>
      )}
    </section>
  );
}
