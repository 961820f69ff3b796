/**
 * Entry of the bundled worker thread (see node/bundle.ts): the engine behind comlink's Node adapter.
 * Bundled into one module, the engine runs about a quarter faster than loaded file by file through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { engineApi } from '../engine/worker.ts';

expose(engineApi, nodeEndpoint(parentPort!));
