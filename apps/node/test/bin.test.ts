import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/ring-node.mjs', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (l) =>
    lines.push(JSON.parse(l) as Record<string, unknown>),
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exit, stderr: () => stderr };
}

describe('bin/ring-node.mjs', () => {
  it('exits 2 on a bad value, printing the reason to stderr', async () => {
    const p = run(['--preset', 'fast']);
    expect(await p.exit, p.stderr()).toBe(2);
    expect(p.stderr()).toContain("--preset: expected one of lan, wan, local, got 'fast'");
  }, 60_000);

  it('SIGTERM makes a running node leave gracefully and exit 0, printing "left" last', async () => {
    const p = run([
      '--name',
      'solo',
      '--bind',
      '127.0.0.1:0',
      '--http',
      '127.0.0.1:0',
      '--json',
      '--preset',
      'local',
    ]);
    await expect
      .poll(() => p.lines.some((l) => l.event === 'ready'), {
        timeout: 45_000,
        interval: 50,
        message: p.stderr(),
      })
      .toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exit, p.stderr()).toBe(0);
    expect(p.lines[0]).toMatchObject({ event: 'config', name: 'solo' });
    expect(p.lines.at(-1)).toMatchObject({ event: 'left' });
    expect(typeof p.lines.at(-1)!.t).toBe('number');
  }, 60_000);
});
