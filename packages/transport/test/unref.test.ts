import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('unref', () => {
  it('started transports, open streams and pooled connections do not keep the process alive', () => {
    const tsxCli = resolve(
      dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
      'dist/cli.mjs',
    );
    const result = spawnSync(
      process.execPath,
      [tsxCli, '--conditions=@ring/source', resolve(here, 'fixtures/left-open.ts')],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('left open');
    expect(result.status).toBe(0); // null would mean it hung until the spawn timeout killed it
  });
});
