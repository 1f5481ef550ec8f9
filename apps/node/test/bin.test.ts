import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/** Run `bin --version` with RING_NODE_CODE_CACHE=report; its exit code, stdout and stderr. */
async function versionReport(bin: string): Promise<{ code: unknown; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, '--version'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RING_NODE_CODE_CACHE: 'report' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise((r) => child.on('exit', r));
  return { code, out, err };
}

describe('bin/ring-node.cjs', () => {
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

  it('compiles the bundle with the code cache the build recorded', async () => {
    const r = await versionReport(BIN);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('ring-node: code cache accepted');
  }, 60_000);

  it('runs without the code cache, or with a corrupt one (V8 rejects it and compiles anew)', async () => {
    // A copy of the app's bin, bundle and package.json: the bin finds ../dist from itself.
    const app = dirname(dirname(BIN));
    const dir = mkdtempSync(join(tmpdir(), 'ring-node-cache-'));
    try {
      for (const f of ['bin/ring-node.cjs', 'dist/ring-node.cjs', 'package.json']) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        copyFileSync(join(app, f), join(dir, f));
      }
      const bin = join(dir, 'bin/ring-node.cjs');
      const absent = await versionReport(bin);
      expect(absent.code, absent.err).toBe(0);
      expect(absent.err).toContain('code cache absent');
      expect(absent.out).toMatch(/^ring-node \S+ \(memberlist protocol/);

      const cache = readFileSync(join(app, 'dist/ring-node.cjs.cache'));
      for (let i = 0; i < cache.length; i += 97) cache[i] = cache[i]! ^ 0x5a;
      writeFileSync(join(dir, 'dist/ring-node.cjs.cache'), cache);
      const corrupt = await versionReport(bin);
      expect(corrupt.code, corrupt.err).toBe(0);
      expect(corrupt.err).toContain('code cache rejected');
      expect(corrupt.out).toBe(absent.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
