#!/usr/bin/env node
// Entry point of `npx capsim`: the bundled CLI (scripts/build-cli.mjs), rebuilt first when a source is newer.
import { ensureBuilt } from '../scripts/build-cli.mjs';

const { main } = await import(await ensureBuilt());
process.exitCode = await main(process.argv.slice(2));
