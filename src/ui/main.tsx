import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { e2eSwitches } from '../app/e2eSwitches';
import { joinRoom, roomFromUrl } from '../app/room';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

const room = roomFromUrl();
if (room !== null) void joinRoom(room);

// Test hooks for the Playwright suite: only in the e2e build (`vite build --mode e2e`), and there
// only with ?e2e. MODE is a build-time constant, so every other build holds neither this import
// nor the hooks' chunk (src/ui/productionBuild.test.ts).
if (import.meta.env.MODE === 'e2e' && e2eSwitches().hooks) void import('../app/e2eHooks').then((m) => m.install());
