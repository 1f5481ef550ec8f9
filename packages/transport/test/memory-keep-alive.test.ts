import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const tsxCli = resolve(
  dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
  'dist/cli.mjs',
);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a fixture as a real process (a spawn timeout kills it: status null means it hung). */
function run(fixture: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [tsxCli, '--conditions=@ring/source', resolve(here, 'fixtures', fixture)],
      { timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
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
