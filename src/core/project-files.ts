import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (the one holding package.json). Searched for, not counted in `..`s: this file is
 * src/core/ under tsx and vitest, dist/src/core/ when built, dist/bundle/ when bundled (`npm start` runs the bundle).
 */
const projectRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
})();

/** A path in the project's folder, e.g. `projectFile('web/dist')`. */
export function projectFile(relative: string): string {
  return join(projectRoot, relative);
}
