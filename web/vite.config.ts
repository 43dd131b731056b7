import { defineConfig } from 'vite';

// Built into web/dist and served by the gateway (src/web.ts): the API Access page at `/`, and GraphiQL on a
// browser's GET /graphql, each with every asset (scripts, styles, fonts, Monaco's workers) from the gateway.
const root = new URL('.', import.meta.url).pathname;
export default defineConfig({
  root,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: 'es2022',
    // GraphiQL is large by nature (Monaco); its chunks are loaded by the GraphiQL page only.
    chunkSizeWarningLimit: 5_000,
    rollupOptions: {
      input: { main: `${root}index.html`, graphiql: `${root}graphiql.html` },
      // React libraries mark modules "use client" for server components; meaningless in a plain bundle.
      onLog: (level, log, handler) => (log.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : handler(level, log)),
    },
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
