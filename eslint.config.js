// Lint: the TypeScript recommendations, eqeqeq, and the layer rule of design.md §2:
// src/mpc imports nothing above it, src/workers nothing from the page (of src/net only the
// DOM-free frame channels: links, wire format, routing; not the mesh or signaling), src/ui the
// engine only through the worker API.
import tseslint from 'typescript-eslint';

const nodeAndDom = ['node:*', 'fs', 'path', 'crypto', 'worker_threads', 'react', 'react-dom', 'zustand', 'comlink', 'simple-peer', 'ws', 'fflate'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'asm/**', 'src/mpc/ring/wasm/*.wasm.ts', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/mpc/**/*.ts'],
    ignores: ['src/mpc/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeAndDom.filter((p) => !p.includes('*')).map((name) => ({ name, message: 'src/mpc is pure TypeScript: no DOM, Node or UI packages.' })),
          patterns: [
            { group: ['node:*'], message: 'src/mpc runs in browsers too: no Node APIs.' },
            { group: ['**/ui/**', '**/net/**', '**/workers/**', '**/signaling/**'], message: 'src/mpc imports nothing above it (design.md §2).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(ui(/|$)|net(/(mesh|signalingClient|transport|index)|$))',
              message: 'workers import src/mpc and, of src/net, only the DOM-free frame channels (frameChannels, link, wire, sessionRouter, wireStats).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // the kernel registry is data (names, plain words, cost formulas), not engine code
              regex: '(^|/)mpc/(protocols/(?!semi2k/kernels$)|sched/|ring(/|$))',
              message: 'the UI reaches the engine through the worker API (src/workers/api.ts), types only; of the protocols, only the kernel registry (kernels.ts).',
            },
          ],
        },
      ],
    },
  },
);
