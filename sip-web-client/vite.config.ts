import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Relative asset paths, so dist/ can be served from any folder of any web server (next to its config.json).
  base: './',
  // No index.html fallback: a missing config.json must be a 404, as on a plain web server.
  appType: 'mpa',
  build: { target: 'es2022' },
  server: { host: '127.0.0.1', strictPort: true },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
