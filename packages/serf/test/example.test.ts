import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('examples/two-members.ts (the runnable README example)', () => {
  it('joins, delivers an event, answers a query, updates tags and leaves on 127.0.0.1', () => {
    const tsxCli = resolve(
      dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
      'dist/cli.mjs',
    );
    const result = spawnSync(
      process.execPath,
      [tsxCli, '--conditions=@ring/source', resolve(here, '../examples/two-members.ts')],
      { encoding: 'utf8', timeout: 45_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain('serf-a sees serf-b with tags {"role":"db"}');
    expect(lines).toContain('serf-a: user event deploy v2 (coalesce=false)');
    expect(lines).toContain('response serf-a: serf-a is web, asked "hi"');
    expect(lines).toContain('response serf-b: serf-b is db, asked "hi"');
    expect(lines).toContain('acks: serf-a, serf-b');
    expect(lines).toContain('serf-a: update serf-b tags={"role":"db","zone":"b"}');
    expect(lines.at(-1)).toBe('serf-a: leave serf-b (left)');
  }, 60_000);
});
