import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testMemberArgs } from '../src/testing/config.js';
import { BIN, spawnRingNode } from './helpers/ring-node-process.js';

/** Bind UDP and TCP on 127.0.0.1:port, then release them; rejects when either is in use. */
async function bindBoth(port: number): Promise<void> {
  const udp = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, '127.0.0.1', () => resolve());
  }).finally(() => udp.close());
  const tcp = createServer();
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });
  await new Promise<void>((resolve) => tcp.close(() => resolve()));
}

const run = spawnRingNode;

describe('bin/ring-node.mjs', () => {
  it('exits 2 on a bad value, printing the reason to stderr', async () => {
    const p = run(['--preset', 'fast']);
    expect(await p.exit, p.stderr()).toBe(2);
    expect(p.stderr()).toContain("--preset: expected one of lan, wan, local, got 'fast'");
  }, 60_000);

  it('--version prints the version line and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, '--version'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    expect(await new Promise((r) => child.on('exit', r))).toBe(0);
    expect(out).toMatch(/^ring-node \S+ \(memberlist protocol 1-5, Node\.js v/);
  }, 60_000);

  it('the PID is the node: kill -9 of it frees the gossip port (UDP and TCP) within 1 s', async () => {
    const p = run(['--name', 'k9', '--bind', '127.0.0.1:0', '--http', 'off', '--json']);
    await expect
      .poll(() => p.lines.find((l) => l.event === 'config'), { timeout: 45_000, interval: 50 })
      .toBeDefined();
    const addr = String(p.lines.find((l) => l.event === 'config')!.addr);
    const port = Number(addr.slice(addr.lastIndexOf(':') + 1));
    expect(port).toBeGreaterThan(0);
    await expect(bindBoth(port)).rejects.toThrow(/EADDRINUSE/);
    p.child.kill('SIGKILL');
    await p.exit;
    const killedAt = performance.now();
    let freed: number | undefined;
    while (freed === undefined && performance.now() - killedAt < 1_000) {
      try {
        await bindBoth(port);
        freed = performance.now() - killedAt;
      } catch {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    expect(freed, `gossip port ${port} still bound 1 s after kill -9`).toBeDefined();
  }, 60_000);

  it('SIGTERM makes a running node leave gracefully and exit 0, printing "left" last', async () => {
    const p = run(testMemberArgs('solo'));
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
