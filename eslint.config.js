// Lint: the TypeScript recommendations, eqeqeq, and the layers of docs/architecture.md, one rule per
// folder of src/: each folder may import only the folders below it.
//   ui → app → workers, net → link → mpc;  node (the headless party) → app, workers, net → …
import tseslint from 'typescript-eslint';

const pagePackages = ['react', 'react-dom', 'zustand', 'comlink', 'simple-peer', 'ws'];

/** A no-restricted-imports rule that forbids the given folders of src/ (and, optionally, packages). */
function only(folder, forbidden, why, packages = [], signaling = false, nodeApis = false) {
  return {
    files: [`src/${folder}/**/*.{ts,tsx}`],
    ignores: [`src/${folder}/**/*.test.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: packages.map((name) => ({ name, message: why })),
          patterns: [
            ...(nodeApis ? [] : [{ group: ['node:*'], message: `src/${folder} runs in browsers: no Node APIs.` }]),
            ...forbidden.map((f) => ({ regex: `^(\\.\\./)+(${f})(/|$)`, message: `src/${folder} does not import src/${f}: ${why}` })),
            ...(signaling ? [] : [{ regex: '^(\\.\\./)+signaling(/|$)', message: 'of signaling/, only its protocol reaches src/, through src/net.' }]),
          ],
        },
      ],
    },
  };
}

const layers = 'docs/architecture.md: layers import only the layers below them';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', '.tsbuild/**', 'node_modules/**', 'asm/**', 'src/mpc/ring/wasm/*.wasm.ts', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  only('mpc', ['link', 'net', 'workers', 'app', 'ui', 'node'], `the engine is pure TypeScript (${layers})`, [...pagePackages, 'fflate']),
  only('link', ['net', 'workers', 'app', 'ui', 'node'], `page and worker both run it (${layers})`, pagePackages),
  only('net', ['workers', 'app', 'ui', 'node'], layers, ['react', 'react-dom', 'zustand', 'comlink', 'ws'], true),
  only('workers', ['net', 'app', 'ui', 'node'], `the worker has no page (${layers})`, ['react', 'react-dom', 'zustand', 'simple-peer', 'ws']),
  only('app', ['ui', 'node'], `app holds no React (${layers})`, ['react', 'react-dom', 'ws']),
  only('node', ['ui'], `the headless party has no page (${layers})`, ['react', 'react-dom', 'zustand'], false, true),
  only('ui', ['mpc', 'link', 'net', 'node'], `the UI reaches runs through src/app and the engine through the worker API (${layers})`, ['ws']),
);
