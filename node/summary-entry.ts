/**
 * Entry of the bundled summary worker (server/summarise.ts): runs a saved scenario and returns its stored
 * text, bounded and compacted here, so a large result never crosses to the server's thread as an object.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { storedSummary } from './summary.ts';

export const summaryApi = { storedSummary };
export type SummaryApi = typeof summaryApi;

expose(summaryApi, nodeEndpoint(parentPort!));
