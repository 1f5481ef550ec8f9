import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTsx } from './helpers/run-tsx.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('unref', () => {
  it('started transports, open streams and pooled connections do not keep the process alive', async () => {
    const result = await runTsx(resolve(here, 'fixtures/left-open.ts'));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('left open');
    expect(result.status).toBe(0); // null would mean it hung until the spawn timeout killed it
  });
});
