import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte({ configFile: 'web/svelte.config.js' })],
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/web/**'], environment: 'node' } },
      { extends: true, resolve: { conditions: ['browser'] }, test: { name: 'web', include: ['test/web/**/*.test.ts'], environment: 'happy-dom' } },
    ],
  },
});
