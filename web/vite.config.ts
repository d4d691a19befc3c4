import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

// The dashboard: plain TypeScript bundled into web/dist, which the server serves. Everything comes from npm.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
