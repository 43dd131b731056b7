// The gateway as `npm start` runs it: the build's dist/src/main.js and every module it imports bundled into
// dist/bundle/ (esbuild), whitespace and syntax minified, names kept. V8 keeps each loaded module's source text and
// Node a record per module: bundled, the gateway holds about 30 MB less from the start (RSS when listening 150-162 ->
// 126-132 MB on PostgreSQL), and its V8 heap about 20 MB less at its peak under load (peak RSS only 5-10 MB less:
// see docs/performance.md, "Memory"). Modules imported only when a setting asks for them stay out of it (below).
// Linked source maps (*.map) are written beside it: `node --enable-source-maps` turns a stack trace back into the
// TypeScript's lines.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url).pathname;

/**
 * Left to Node at run time, as they are installed:
 * - PGlite (it reads its WebAssembly and data files beside its own modules) and the argon2 addon (native code);
 * - what the gateway imports only when a setting asks for it (SMTP_URL, REDIS_URL, OTEL_EXPORTER_OTLP_ENDPOINT).
 *   Split into chunks of their own, esbuild would hand such a CommonJS module's `import()` back with its
 *   `default` only (no named exports, as Node gives them); left out, they load as they do unbundled. The
 *   OpenTelemetry API with the SDK: the SDK registers its tracer with the API's copy it imports, and a tracer taken
 *   from a second, bundled copy before that would never see it (every trace id would read 0);
 * - the drivers of other databases that knex and MikroORM would require for them (not installed).
 */
const external = [
  '@electric-sql/*',
  '@node-rs/*',
  'nodemailer',
  'ioredis',
  '@opentelemetry/*',
  'pg-native',
  'pg-query-stream',
  'better-sqlite3',
  'sqlite3',
  'libsql',
  'mysql',
  'mysql2',
  'mariadb',
  'oracledb',
  'tedious',
  '@mikro-orm/better-sqlite',
  '@mikro-orm/sqlite',
  '@mikro-orm/libsql',
  '@mikro-orm/mysql',
  '@mikro-orm/mariadb',
  '@mikro-orm/mssql',
  '@mikro-orm/mongodb',
  '@mikro-orm/reflection',
  '@mikro-orm/seeder',
  '@mikro-orm/entity-generator',
  'ts-node',
  'ts-morph',
];

/**
 * MikroORM reads its own version with `require('../../package.json')` (then `'../package.json'`) from
 * @mikro-orm/core/utils/Utils.js and refuses to start when another @mikro-orm package differs: bundled, that path
 * would be resolved at run time from dist/bundle/ and find the gateway's own package.json.
 */
const mikroOrmVersion = {
  name: 'mikro-orm-version',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/(\.\.\/)?package\.json$/ }, ({ importer }) =>
      importer.endsWith(join('@mikro-orm', 'core', 'utils', 'Utils.js'))
        ? { path: join(dirname(importer), '..', 'package.json') }
        : undefined,
    );
  },
};

// A new build's chunks have new names: none of the last build's may linger.
rmSync(join(root, 'dist/bundle'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist/src/main.js')],
  outdir: join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  external,
  plugins: [mikroOrmVersion],
  // CommonJS modules in an ES module bundle still call require (Node's built-ins among them).
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
