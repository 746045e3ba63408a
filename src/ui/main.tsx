import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { e2eSwitches } from '../app/e2eSwitches';
import { roomFromUrl } from '../app/room';
import { createTabApp } from '../app/tabApp';
import { TabAppContext } from './kit/tabAppContext';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const app = createTabApp();
createRoot(root).render(
  <StrictMode>
    <TabAppContext.Provider value={app}>
      <App />
    </TabAppContext.Provider>
  </StrictMode>,
);

const room = roomFromUrl();
if (room !== null) void app.room.join(room);

// Test hooks for the Playwright suite: only in the e2e build (`vite build --mode e2e`), and there
// only with ?e2e. MODE is a build-time constant, so every other build holds neither this import
// nor the hooks' chunk (src/ui/productionBuild.test.ts).
if (import.meta.env.MODE === 'e2e' && e2eSwitches().hooks) void import('../app/e2eHooks').then((m) => m.install(app));
