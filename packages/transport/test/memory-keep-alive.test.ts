import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTsx } from './helpers/run-tsx.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Run a fixture as a real process (a spawn timeout kills it: status null means it hung). */
function run(fixture: string): ReturnType<typeof runTsx> {
  return runTsx(resolve(here, 'fixtures', fixture));
}

describe('MemoryNetwork on the system clock, in a real process', () => {
  it('deliveries in flight keep the process alive until they land; an idle network lets it exit', async () => {
    const result = await run('memory-in-flight.ts');
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('echo ping; packet hello from 10.0.0.1:7946');
    expect(result.status).toBe(0); // 13 = unsettled top-level await, null = hung
  });

  it('unref: false holds the process while started; a VirtualClock network never does', async () => {
    const result = await run('memory-unref-false.ts');
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      'protocol timer fired',
      'still alive with one held transport',
      'virtual clock: 1 pending, left open',
    ]);
    expect(result.status).toBe(0);
  });
});
