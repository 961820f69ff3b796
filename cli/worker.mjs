// Worker-thread bootstrap: tsx cannot start a .ts file as a worker on Node 20, so this plain module
// loads engine/worker.ts through tsx and exposes its API over comlink's Node adapter.
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { tsImport } from 'tsx/esm/api';

const { engineApi } = await tsImport('../engine/worker.ts', import.meta.url);
expose(engineApi, nodeEndpoint(parentPort));
