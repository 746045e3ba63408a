import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { E2E_OUT_DIR } from './signaling/build.ts';

/** Cross-origin isolation (SharedArrayBuffer, fine performance.now()), as the real server sends. */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// simple-peer: we import its prebuilt browser bundle (simple-peer/simplepeer.min.js), which carries
// its own Buffer/process/events shims, so no Node polyfills or `global` define are needed here.
//
// Mode `e2e` (`vite build --mode e2e`, built and served by e2e/server.ts) is the production build
// plus the Playwright suite's URL switches and hooks (src/app/e2eSwitches.ts); every other mode
// compiles them out. It never goes to dist/, which `npm start` serves.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  build: { outDir: mode === 'e2e' ? E2E_OUT_DIR : 'dist', target: 'es2022', sourcemap: true },
  server: {
    host: '127.0.0.1',
    headers: isolation,
    // `npm run dev`: the page's signaling socket goes to the real server (npm start, port 8080).
    proxy: { '/signal': { target: 'ws://127.0.0.1:8080', ws: true } },
  },
  preview: { host: '127.0.0.1', headers: isolation },
}));
