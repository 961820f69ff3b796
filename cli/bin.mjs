#!/usr/bin/env node
// Entry point of `npx capsim`: load the TypeScript program through tsx and run it.
import { tsImport } from 'tsx/esm/api';
const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
