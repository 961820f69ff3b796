// One lint gate (npm run lint, no warnings allowed). Dependencies point one way: web uses engine; cli and
// server use engine, node (worker threads) and store (SQLite), never each other; node and store use engine;
// engine uses none of them and no Node or DOM APIs; nhs/ (file import) uses only the engine, likewise pure.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Svelte components: the plugin's recommended rules, their scripts parsed as TypeScript.
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts', 'web/src/**/*.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // TypeScript (svelte-check) already refuses undefined names, browser globals included.
      'no-undef': 'off',
      // Maps, Sets and URLs built and read inside one computation are not state: nothing to make reactive.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly', performance: 'readonly', structuredClone: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', globalThis: 'readonly', fetch: 'readonly', Response: 'readonly', Request: 'readonly', TextEncoder: 'readonly', clearTimeout: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', Blob: 'readonly', localStorage: 'readonly', self: 'readonly', Worker: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-sequences': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['web/public/sw.js'],
    languageOptions: { globals: { caches: 'readonly', location: 'readonly', self: 'readonly', fetch: 'readonly', Response: 'readonly' } },
  },
  {
    // nhs/ (the import of NHS England's files) is pure like the engine: the CLI and the browser's worker share it.
    files: ['engine/**/*.ts', 'nhs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process'], message: 'engine/ is pure: no Node APIs' },
          { group: ['**/cli/**', '**/server/**', '**/web/**', '**/scenarios/**', '**/node/**', '**/store/**'], message: 'engine/ and nhs/ depend on nothing else in capsim but the engine' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'fetch', 'process'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'use the run\'s seeded stream' }, { object: 'Date', property: 'now', message: 'the engine does not read the clock' }],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/server/**'], message: 'cli uses engine, node and store; never the server or the web app' }] }] },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/cli/**'], message: 'server uses engine, node and store; never the CLI or the web app' }] }] },
  },
  {
    files: ['node/**/*.ts', 'store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/cli/**', '**/server/**'], message: 'node/ and store/ are shared by cli and server and import neither' }] }] },
  },
);
