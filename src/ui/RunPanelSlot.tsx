import { useStore } from 'zustand';
import { lobbyStore } from './store';

/**
 * Where the run panel goes (it comes later, from the run-panel work). Until then this only says
 * what it is waiting for; no controls.
 */
export function RunPanelSlot() {
  const phase = useStore(lobbyStore, (s) => s.phase);
  const capacity = useStore(lobbyStore, (s) => s.capacity);
  const peers = useStore(lobbyStore, (s) => s.peers);
  const connected = peers.filter((p) => p.state === 'connected').length + 1;
  let line = 'Create or join a room to start.';
  if (phase === 'in-room' && capacity !== null) {
    line = connected < capacity ? `Waiting for peers: ${connected} of ${capacity} parties connected.` : `All ${capacity} parties are connected.`;
  }
  return (
    <section className="card run-slot" data-testid="run-panel-slot" aria-label="Run">
      <h2>Run</h2>
      <p className="muted" data-testid="run-slot-status">
        {line}
      </p>
    </section>
  );
}
