import { readFileSync } from 'node:fs';

/** Read a JSON fixture from `test/fixtures/`. The caller states the shape it relies on. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}
