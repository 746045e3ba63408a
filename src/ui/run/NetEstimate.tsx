/**
 * The exp's time under the emulated network next to the CLI-style estimate made from the run's
 * own round log (compute + Σ rounds (latency + largest frame / bandwidth), as `tabmpc bench`).
 */
import { useStore } from 'zustand';
import { fmtMs } from '../kit/format';
import { netLabel, presetOf } from '../../app/netLabel';
import { useTabApp } from '../kit/tabAppContext';

export function NetEstimate(props: { method: string; profile: string; n: number }) {
  const netRunStore = useTabApp().stores.netRun;
  const est = useStore(netRunStore, (s) => s.estimate);
  if (!est) return null;
  const preset = presetOf(est.net);
  const off = (est.expMs - est.estimateMs) / est.estimateMs;
  return (
    <div className="stat net-estimate" data-testid="result-estimate" data-estimate-ms={est.estimateMs} data-exp-ms={est.expMs}>
      <div className="stat-label">estimate on {netLabel(est.net)}</div>
      <div className="stat-value">{fmtMs(est.estimateMs)}</div>
      <div className="stat-sub">
        compute {fmtMs(est.computeMs)} + network {fmtMs(est.networkMs)} over {est.rounds} rounds; measured {off >= 0 ? '+' : '−'}
        {Math.abs(100 * off).toFixed(0)}%
      </div>
      <details className="stat-sub">
        <summary>Why the run can beat it</summary>
        The estimate adds computing and network time round by round. A run can beat it: the peer's frame travels while this party is still computing, and arrives no earlier than
        the emulated latency allows.
        {preset && (
          <>
            {' '}
            The same estimate for an in-process run: <code>bench --net {preset} --method {props.method} --profile {props.profile} --n {props.n}</code>
          </>
        )}
      </details>
    </div>
  );
}
