import { execFileSync } from 'node:child_process';

// What some test files need beyond Node: Chromium, a Redis server, TEST_REDIS_URL. On a developer's machine a
// missing one skips those tests with a message; in CI (CI=true) it fails the file, so CI never passes on tests it
// did not run (.ci/run installs and starts what they need).

/** Whether a prerequisite is present; in CI, a missing one is an error. */
export function prerequisite(what: string, present: boolean, hint: string): boolean {
  if (present) return true;
  if (process.env.CI) throw new Error(`CI runs every test: ${what} is missing (${hint}).`);
  console.warn(`tests skipped: ${what} is missing (${hint}).`);
  return false;
}

/** A Redis server to start and pause (test/faults.test.ts). */
export const hasRedisServer = prerequisite(
  'redis-server',
  (() => {
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })(),
  'apt-get install redis-server',
);

/** A Redis that the rate limits share (test/rate-limits, metrics, hostile-input). */
export function testRedisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL;
  return prerequisite('TEST_REDIS_URL', Boolean(url), 'set it to a Redis server, e.g. redis://127.0.0.1:6379')
    ? url
    : undefined;
}
