import { GlossaryButton, GlossaryProvider } from './kit/Glossary';
import { Lobby } from './Lobby';
import { RunPanel } from './run/RunPanel';

export function App() {
  return (
    <GlossaryProvider>
      <div className="app">
        <header className="app-header">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span className="brand-name">TabMPC</span>
          </div>
          <p className="tagline">Secure multi-party computation between browser tabs: each tab is a party, and the tabs compute together over direct WebRTC links without revealing their inputs.</p>
          <GlossaryButton />
        </header>
        <main className="layout">
          <Lobby />
          <RunPanel />
        </main>
        <footer className="app-footer">
          <span>The server only introduces tabs to each other; data flows directly between them.</span>
          <span className={crossOriginIsolated ? 'isolation ok' : 'isolation'} data-testid="isolation">
            {crossOriginIsolated ? 'Cross-origin isolated' : 'Not cross-origin isolated'}
          </span>
        </footer>
      </div>
    </GlossaryProvider>
  );
}
