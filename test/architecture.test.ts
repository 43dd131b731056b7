import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The rules of docs/architecture.md that the compiler does not check.

const src = new URL('../src/', import.meta.url).pathname;
const files = (readdirSync(src, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
const sourceOf = (file: string) => readFileSync(join(src, file), 'utf8');
/** The folder of a file under src/ ('.' for the entry points at the top). */
const folderOf = (file: string) => (file.includes('/') ? (file.split('/')[0] ?? '.') : '.');

/** What each folder may import, besides itself: lower layers only. */
const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  database: ['core'],
  auth: ['database', 'core'],
  graphql: ['auth', 'database', 'core'],
  rest: ['graphql', 'core'],
  plugins: ['rest', 'graphql', 'auth', 'database', 'core'],
  webhooks: ['graphql', 'auth', 'database', 'core'],
  operator: ['auth', 'database', 'core'],
};

describe('the layers of src/', () => {
  it('import only downwards: no folder imports one that imports it back, and none imports the entry points', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from === '.') continue;
      for (const [, spec] of sourceOf(file).matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = relative(src, resolve(dirname(join(src, file)), spec ?? ''));
        if (target.startsWith('..')) continue; // migrations
        const to = folderOf(target);
        if (to !== from && !MAY_IMPORT[from]?.includes(to)) wrong.push(`${file} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(MAY_IMPORT).sort()).toEqual(
      [...new Set(files.map(folderOf))].filter((folder) => folder !== '.').sort(),
    );
  });

  it('keep SQL in src/database (and migrations/)', () => {
    const sql = /\b(select\s[^;]*\sfrom\s|insert\s+into\s|delete\s+from\s|update\s+"?\w+"?\s+set\s)/i;
    const found = files
      .filter((file) => folderOf(file) !== 'database')
      .flatMap((file) =>
        sourceOf(file)
          .split('\n')
          .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && sql.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });

  it('have no double casts (as unknown as)', () => {
    expect(files.filter((file) => sourceOf(file).includes('as unknown as'))).toEqual([]);
  });
});
