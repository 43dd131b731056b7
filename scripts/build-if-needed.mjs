// Before `npm start`: builds what is missing or older than its sources, so the two README commands stay enough.
// - the gateway (dist/, `npm run build:server`): `npm start` runs it as plain JavaScript, bundled
//   (scripts/bundle-server.mjs says why). Through tsx it held 55-70 MB more memory from the start (transformed
//   sources with their inline source maps, and tsx itself).
// - the API Access page (web/dist). Without Vite (a production install without dev dependencies) it says so and
//   the gateway starts without the page.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const web = join(root, 'web');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(path)
      .filter((name) => name !== 'dist' && name !== 'node_modules')
      .map((name) => newest(join(path, name))),
  );
}

function isCurrent(built, sources) {
  return existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest));
}

const serverSources = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
if (
  !isCurrent(
    join(root, 'dist/.tsbuildinfo'),
    serverSources.map((path) => join(root, path)),
  )
) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'The gateway is not built and TypeScript is not installed: `npm install` then `npm run build:server`.',
    );
    process.exit(1);
  }
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  console.info('Built the gateway (dist/).');
}
if (!isCurrent(join(root, 'dist/bundle/main.js'), [join(root, 'dist/.tsbuildinfo')])) {
  try {
    await import('./bundle-server.mjs');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.error(
      'The gateway is not bundled and esbuild is not installed: `npm install` then `npm run build:server`.',
    );
    process.exit(1);
  }
  console.info('Bundled the gateway (dist/bundle/).');
}

if (!isCurrent(join(web, 'dist/index.html'), [web])) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('The API Access page is not built and Vite is not installed: `npm install` then `npm run build`.');
    process.exit(0);
  }
  await vite.build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  console.info('Built the API Access page (web/dist).');
}
