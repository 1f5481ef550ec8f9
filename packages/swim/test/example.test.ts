import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('examples/two-nodes.ts (the runnable README example)', () => {
  it('joins, delivers a message and a broadcast, leaves gracefully and exits 0 on 127.0.0.1', () => {
    const tsxCli = resolve(
      dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
      'dist/cli.mjs',
    );
    const result = spawnSync(
      process.execPath,
      [tsxCli, '--conditions=@ring/source', resolve(here, '../examples/two-nodes.ts')],
      {
        encoding: 'utf8',
        timeout: 45_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^node-a: join node-b at 127\.0\.0\.1:\d+ tags=\{"role":"db"\}$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^node-b: join node-a at 127\.0\.0\.1:\d+ tags=\{"role":"web"\}$/),
    );
    expect(lines).toContain('node-b contacted 1 seed(s); members: node-b, node-a');
    expect(lines).toContain('node-a: message "hello from node-b"');
    expect(lines).toContain('node-a: broadcast "news for everyone"');
    expect(lines).toContain('node-a: leave node-b (left)');
    expect(lines.at(-1)).toBe('node-a members: node-a');
  }, 60_000);
});
