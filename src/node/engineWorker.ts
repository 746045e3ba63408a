/**
 * The entry of a Node party's engine thread (nodeWorker.ts): the browser's party worker module,
 * with comlink's Node adapter standing in for the worker's global message port and `navigator`
 * for the core count it reads (Node 20 has none).
 */
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

if (!parentPort) throw new Error('engineWorker.ts runs only as a worker thread');
const endpoint = nodeEndpoint(parentPort);
const g = globalThis as Record<string, unknown>;
g['addEventListener'] = endpoint.addEventListener.bind(endpoint);
g['removeEventListener'] = endpoint.removeEventListener.bind(endpoint);
g['postMessage'] = endpoint.postMessage.bind(endpoint);
g['navigator'] ??= { hardwareConcurrency: availableParallelism() };
await import('../workers/party.worker');
