/** Entry of the bundled validation worker (node/lane.ts): node/validate-api.ts behind comlink. */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { validateApi } from './validate-api.ts';

export type { ValidateApi } from './validate-api.ts';
expose(validateApi, nodeEndpoint(parentPort!));
