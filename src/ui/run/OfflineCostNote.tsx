/**
 * Beside the trust choice, before Run: what the dealer-free offline phase of these settings
 * would cost, as the worker plans it (exact bytes and rounds), with an estimate of its time
 * labelled as one; and the default trust that weighs it (src/app/offlineCost.ts).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { applyDefaultTrust, estimateOfflineMs, OT_DEFAULT_MAX_BYTES, offlineCostQuery, planOfflineCost } from '../../app/offlineCost';
import { OT_DEFAULT_MAX_N } from '../../app/params';
import type { OfflineCost } from '../../workers/api';
import { fmtBytes, fmtInt, fmtMs } from '../kit/format';
import { useTabApp } from '../kit/tabAppContext';

export function OfflineCostNote(props: { parties: number }) {
  const app = useTabApp();
  const runStore = app.stores.run;
  const params = useStore(runStore, (s) => s.params);
  const query = offlineCostQuery(params, props.parties);
  const key = JSON.stringify(query);
  const [planned, setPlanned] = useState<{ key: string; cost: OfflineCost | null }>({ key: '', cost: null });
  useEffect(() => {
    let current = true;
    planOfflineCost(app.workers, query).then(
      (cost) => {
        if (!current) return;
        setPlanned({ key, cost });
        applyDefaultTrust(runStore, query, props.parties, cost);
      },
      // a setting the room cannot run: the form says why elsewhere (paramsProblem)
      () => current && setPlanned({ key, cost: null }),
    );
    return () => {
      current = false;
    };
  }, [key, app, runStore, props.parties]);

  const rule = `Default: OT while the busiest tab's planned offline traffic stays within ${fmtBytes(OT_DEFAULT_MAX_BYTES)} and n within ${fmtInt(OT_DEFAULT_MAX_N)}; the trusted first party above.`;
  const c = planned.key === key ? planned.cost : null;
  if (!c) return <p className="help" data-testid="offline-cost" data-state={planned.key === key ? 'none' : 'planning'}>{rule}</p>;
  const busiest = c.sent.reduce((best, b, i) => (b > c.sent[best]! ? i : best), 0);
  const estimateMs = estimateOfflineMs(c, params.otExtension, props.parties);
  return (
    <p
      className="help"
      data-testid="offline-cost"
      data-state="planned"
      data-rounds={c.rounds}
      data-bytes={c.sent[busiest]}
      data-setup-bytes={c.setupSentFresh}
      data-estimate-ms={Math.round(estimateMs)}
    >
      With OT ({params.otExtension}), planned: making the Beaver material takes {fmtInt(c.rounds)} rounds, in which party {busiest} sends the most,{' '}
      {fmtBytes(c.sent[busiest]!)}; the setup before it takes {c.setupRounds} rounds and {fmtBytes(c.setupSentFresh)} per tab the first time ({fmtBytes(c.setupSentKept)} once the base
      OTs are kept). <strong>Estimate, not a measurement: ~{fmtMs(estimateMs)}</strong> for the offline phase, from the rate it ran at between tabs on a 2-core machine. {rule}
    </p>
  );
}
