import { useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { combine } from '../../app/sharesStore';
import { useTabApp } from '../kit/tabAppContext';
import './shares.css';

const SHOWN = 4;

function short(hex: string): string {
  const h = hex.padStart(32, '0');
  return `${h.slice(0, 6)}…${h.slice(-6)}`;
}

/**
 * The share inspector: behind a switch that is off by default, each tab may reveal its own shares
 * of the first few inputs and results of the last run to the others, to show that the shares add
 * up to the secret while each one alone is noise. It breaks privacy, on purpose, for teaching.
 */
export function ShareInspector() {
  const app = useTabApp();
  const { lobby: lobbyStore, run: runStore, shares } = app.stores;
  const phase = useStore(runStore, (s) => s.phase);
  const session = useStore(runStore, (s) => s.session);
  const parties = useStore(lobbyStore, (s) => s.capacity) ?? 2;
  const self = useStore(lobbyStore, (s) => s.self);
  const [on, setOn] = useState<number | null>(null); // the session this tab revealed, if any
  const [note, setNote] = useState<string | null>(null);
  const revealed = useSyncExternalStore(shares.subscribe, shares.revealed);
  if (phase !== 'done' || session === null) return null;
  const mine = on === session;
  const byParty = revealed?.session === session ? revealed.byParty : new Map();
  const toggle = async () => {
    if (mine) return; // once sent, shares cannot be unsent; the switch stays on for this run
    const mesh = app.room.mesh();
    if (!mesh) return;
    setOn(session); // the user's choice shows at once; the shares follow from the worker
    const ok = await app.revealMyShares(mesh);
    if (!ok) {
      setOn(null);
      setNote('This tab has no shares of this run to reveal.');
    }
  };
  return (
    <section className="card share-inspector" data-testid="share-inspector" aria-label="Share inspector">
      <div className="share-head">
        <h2>Share inspector</h2>
        <label className="share-switch">
          <input type="checkbox" checked={mine} onChange={() => void toggle()} data-testid="share-switch" /> reveal my shares to the other tabs
        </label>
      </div>
      <p className="warning" data-testid="share-warning">
        This breaks privacy: teaching only. Turning it on sends this party's shares of the first {SHOWN} inputs and results of the last run to every
        other tab; together with theirs they reveal the secret inputs.
      </p>
      {note && <p className="help">{note}</p>}
      <p className="help">
        Each party holds a random-looking number per value; only their sum modulo 2^k (k = 64 or 128) is the value, in fixed point. Parties revealed so
        far: {[...byParty.keys()].sort().map((p) => `party ${p}${p === self ? ' (you)' : ''}`).join(', ') || 'none'}.
      </p>
      {(['x', 'y'] as const).map((which) => (
        <table className="shares" key={which} data-testid={`shares-${which}`}>
          <caption>{which === 'x' ? 'Input x, right after sharing' : 'Result exp(x), before opening'}</caption>
          <thead>
            <tr>
              <th>#</th>
              {Array.from({ length: parties }, (_, p) => (
                <th key={p}>party {p}'s share</th>
              ))}
              <th>sum mod 2^k</th>
              <th>as a real number</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: SHOWN }, (_, i) => {
              const c = combine(byParty, parties, which, i);
              return (
                <tr key={i}>
                  <td className="num">{i}</td>
                  {Array.from({ length: parties }, (_, p) => {
                    const h = byParty.get(p)?.[which][i];
                    return (
                      <td key={p} className="hex">
                        {h === undefined ? 'hidden' : short(h)}
                      </td>
                    );
                  })}
                  <td className="hex">{c ? short(c.sum.toString(16)) : '—'}</td>
                  <td className="num" data-testid={`shares-${which}-${i}`}>
                    {c ? String(Number(c.value.toPrecision(9))) : 'needs every share'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </section>
  );
}
