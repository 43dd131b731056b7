// Before `npm start`: builds the API Access page (web/dist) when it is missing or older than its sources, so the
// two README commands stay enough. Without Vite (a production install without dev dependencies) it says so and
// the gateway starts without the page.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = new URL('../web/', import.meta.url).pathname;
const built = join(web, 'dist/index.html');

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

if (existsSync(built) && statSync(built).mtimeMs >= newest(web)) process.exit(0);
let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('The API Access page is not built and Vite is not installed: `npm install` then `npm run build`.');
  process.exit(0);
}
await vite.build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
console.info('Built the API Access page (web/dist).');
