import { defineConfig } from 'vite';

// The API Access page: built into web/dist and served by the gateway at `/` (src/web.ts).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, target: 'es2022' },
  logLevel: 'warn',
});
