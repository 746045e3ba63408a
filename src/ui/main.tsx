import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
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

// Test hooks for the Playwright suite only; never loaded without ?e2e.
if (new URLSearchParams(window.location.search).has('e2e')) void import('../app/e2eHooks').then((m) => m.install());
