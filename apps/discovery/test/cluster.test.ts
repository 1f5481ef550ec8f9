import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VnodeRing } from '@ring/hashring';
import { DemoProcess, killAllDemoProcesses, processExists } from '@ring/demo-kit/testing';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const FAST = ['--probe-interval', '200ms'];
const KEYS_FLAG = ['--keys', Array.from({ length: 24 }, (_, i) => `user:${i}`).join(',')];
const KEYS = Array.from({ length: 24 }, (_, i) => `user:${i}`);

afterEach(killAllDemoProcesses);

interface Instance {
  readonly p: DemoProcess;
  readonly name: string;
  readonly gossip: string;
  readonly url: string;
}

async function startInstance(name: string, join?: string): Promise<Instance> {
  const args = [
    '--name',
    name,
    '--bind',
    '127.0.0.1:0',
    '--http',
    '127.0.0.1:0',
    ...FAST,
    ...KEYS_FLAG,
  ];
  if (join !== undefined) args.push('--join', join);
  const p = DemoProcess.start(MAIN, args);
  const gossip = (await p.waitForLine(/^listening on (\S+) as /)).match[1]!;
  const url = (await p.waitForLine(/^serving cache on (\S+) /)).match[1]!;
  return { p, name, gossip, url };
}

const list = (xs: readonly Instance[]): string =>
  xs
    .map((x) => x.url)
    .sort()
    .join(', ');

/** GET /cache/KEY on `via`: status, who served it, who forwarded it. */
async function get(via: Instance, key: string) {
  const res = await fetch(`${via.url}/cache/${encodeURIComponent(key)}`);
  return {
    status: res.status,
    body: await res.text(),
    servedBy: res.headers.get('x-ring-served-by'),
    forwardedBy: res.headers.get('x-ring-forwarded-by'),
  };
}

/** Every key is served by its owner on the ring of `alive`, through any instance of `alive`. */
async function expectOwnersServe(alive: readonly Instance[]): Promise<void> {
  const ring = VnodeRing.from(alive.map((x) => x.url));
  for (const via of alive) {
    for (const key of KEYS) {
      const owner = alive.find((x) => x.url === ring.getNode(key))!;
      const r = await get(via, key);
      expect(r.status).toBe(200);
      expect(r.servedBy).toBe(owner.name);
      expect(r.body).toBe(`value of ${key} (loaded by ${owner.name})\n`);
      expect(r.forwardedBy).toBe(owner === via ? null : via.name);
    }
  }
}

describe('app-discovery: seed 004 as three processes on real sockets', () => {
  it('peers() and changes() follow joins, a graceful leave of the first instance and a kill -9; owners serve their keys', async () => {
    const a = await startInstance('node1');
    const b = await startInstance('node2', a.gossip);
    const c = await startInstance('node3', a.gossip);
    const all = [a, b, c];
    for (const x of all) {
      await x.p.waitForLine(new RegExp(`^peers\\(\\) => \\[${list(all)}\\]$`));
      await x.p.waitForLine(/^changes\(\) => \[node1, node2, node3\] /);
    }
    await expectOwnersServe(all);
    // The owner logs serving; the instance asked logs the forward.
    const viaA = KEYS.find((k) => VnodeRing.from(all.map((x) => x.url)).getNode(k) !== a.url)!;
    await a.p.waitForLine(new RegExp(`^GET /cache/${viaA} -> forwarded to node[23] `));

    // Ctrl-C on node1 — the seed everyone joined through: the others carry on without it.
    const fromB = b.p.lines.length;
    const fromC = c.p.lines.length;
    a.p.signal('SIGINT');
    expect(await a.p.exited).toEqual({ code: 0, signal: null });
    for (const [x, from] of [
      [b, fromB],
      [c, fromC],
    ] as const) {
      await x.p.waitForLine(/^changes\(\) => \[node2, node3\] \(-node1 left\)$/, { from });
      await x.p.waitForLine(new RegExp(`^peers\\(\\) => \\[${list([b, c])}\\]$`), { from });
    }
    // Keys node1 owned moved, and the printed owners say so.
    const moved = KEYS.filter((k) => VnodeRing.from(all.map((x) => x.url)).getNode(k) === a.url);
    expect(moved.length).toBeGreaterThan(0);
    for (const key of moved)
      await b.p.waitForLine(new RegExp(`^  ${key} => node[23] \\S+ \\(moved from node1\\)$`), {
        from: fromB,
      });
    await expectOwnersServe([b, c]);

    // kill -9 on node3: node2 detects the failure by itself and serves everything.
    const from = b.p.lines.length;
    const pid = c.p.pid;
    await c.p.kill();
    expect(processExists(pid)).toBe(false);
    await b.p.waitForLine(/^changes\(\) => \[node2\] \(-node3 failed\)$/, { from });
    await b.p.waitForLine(new RegExp(`^peers\\(\\) => \\[${b.url}\\]$`), { from });
    await expectOwnersServe([b]);
    b.p.signal('SIGTERM');
    expect(await b.p.exited).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('an HTTP port in use exits 1 naming the port', async () => {
    const a = await startInstance('node1');
    const port = new URL(a.url).port;
    const p = DemoProcess.start(MAIN, ['--bind', '127.0.0.1:0', '--http', `127.0.0.1:${port}`]);
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.texts).toEqual([
      `app-discovery: cannot serve HTTP on 127.0.0.1:${port}: port ${port} is in use (pick another --http port)`,
    ]);
  }, 30_000);
});
