import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { CliIo } from './cli.js';
import type { RingNode } from '../node/ring-node.js';
import { OPTION_SPECS } from '../config/option-specs.js';
import { testMemberArgs } from '../testing/config.js';

function io(argv: string[], onStarted?: (node: RingNode) => void) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    argv,
    env: {},
    hostname: 'host',
    readFile: () => {
      throw new Error('ENOENT');
    },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    now: () => 0,
    onShutdownSignal: () => undefined,
    ...(onStarted === undefined ? {} : { onStarted }),
  };
  return { cli, out, err };
}

describe('runCli', () => {
  it('exits 2 with a clear message on a bad flag or value', async () => {
    for (const argv of [
      ['--bogus'],
      ['--partitions', 'x'],
      ['--config', '/nope.json'],
      ['--bind', '1.2.3.4'],
      ['--bind', '999.1.1.1:7946'],
      ['--members', '3', '--bind', '127.0.0.1:65534'],
    ]) {
      const { cli, out, err } = io(argv);
      expect(await runCli(cli)).toBe(2);
      expect(out).toEqual([]);
      expect(err.join('')).toMatch(
        /^ring-node: .+\nRun 'ring-node --help' for the list of options\.\n$/,
      );
    }
  });

  it('never echoes a bad key or token: exit 2 with the reason only', async () => {
    const secret = 'sekrit-sekrit-sekrit!!';
    for (const argv of [
      ['--key', secret],
      ['--key', 'c2Vrcml0LXNla3JpdC1zZWtyaXQ='],
      ['--http-token', 'sekrit!'],
      ['--http-token', `${secret} with spaces`],
    ]) {
      const { cli, out, err } = io(argv);
      expect(await runCli(cli)).toBe(2);
      expect(out).toEqual([]);
      expect(err.join('')).toMatch(/^ring-node: --(key|http-token): /);
      expect(err.join('')).not.toContain(argv[1]!);
      expect(err.join('')).not.toContain('sekrit');
    }
  });

  it('--version prints one line and exits 0', async () => {
    const { cli, out } = io(['--version']);
    expect(await runCli(cli)).toBe(0);
    expect(out.join('')).toMatch(
      /^ring-node \d+\.\d+\.\d+\S* \(memberlist protocol 1-5, Node\.js v\d+/,
    );
  });

  it('--members 5 runs five full members on loopback that form one cluster, and all leave on the signal', async () => {
    const nodes: RingNode[] = [];
    let signal: (() => void) | undefined;
    const { cli, out } = io(testMemberArgs('m', '--members', '5'), (n) => nodes.push(n));
    const running = runCli({ ...cli, onShutdownSignal: (h) => (signal = h) });
    await expect.poll(() => nodes.length, { timeout: 30_000 }).toBe(5);
    expect(nodes.map((n) => n.name).sort()).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    expect(nodes[0]!.name).toBe('m-1');
    expect(new Set(nodes.map((n) => n.address)).size).toBe(5);
    await expect
      .poll(() => nodes.map((n) => n.members().length), { timeout: 30_000 })
      .toEqual([5, 5, 5, 5, 5]);
    // Each member has its own admin API and sees the same owner for a key.
    const owners = await Promise.all(
      nodes.map(async (n) => {
        const r = await fetch(`http://${n.httpAddress!}/v1/lookup?key=user:42`);
        return ((await r.json()) as { owner: { name: string } }).owner.name;
      }),
    );
    expect(new Set(owners).size).toBe(1);
    signal!();
    expect(await running).toBe(0);
    const lines = out
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; node: string });
    expect(
      lines
        .filter((l) => l.event === 'left')
        .map((l) => l.node)
        .sort(),
    ).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
  }, 60_000);

  it('--help lists every option with its environment variable and exits 0', async () => {
    const { cli, out } = io(['--help']);
    expect(await runCli(cli)).toBe(0);
    const help = out.join('');
    for (const spec of OPTION_SPECS) expect(help).toContain(`--${spec.flag}`);
    expect(help).toContain('RING_WATCH_TAG');
  });

  it('exits 1 when the gossip port cannot be bound', async () => {
    const first = io(['--name', 'a', '--bind', '127.0.0.1:0', '--http', 'off']);
    let started: RingNode | undefined;
    first.cli = { ...first.cli, onStarted: (n) => (started = n) };
    const running = runCli(first.cli);
    await expect.poll(() => started, { timeout: 30_000 }).toBeDefined();
    const second = io([
      '--name',
      'b',
      '--bind',
      started!.address,
      '--http',
      'off',
      '--transport',
      'tcp',
    ]);
    expect(await runCli(second.cli)).toBe(1);
    expect(second.err.join('')).toMatch(/cannot start: ERR_BIND/);
    await started!.shutdown();
    expect(await running).toBe(0);
  }, 60_000);

  it('runs two nodes on loopback with --json (seed given as a DNS name): only JSON lines on stdout, join both ways, POST /v1/leave exits 0', async () => {
    const nodes: RingNode[] = [];
    const a = io(testMemberArgs('a'), (n) => nodes.push(n));
    const runA = runCli(a.cli);
    await expect.poll(() => nodes.length, { timeout: 30_000 }).toBe(1);
    const b = io(
      testMemberArgs('b', '--join', nodes[0]!.address.replace('127.0.0.1', 'localhost')),
      (n) => nodes.push(n),
    );
    const runB = runCli(b.cli);
    await expect.poll(() => nodes.length, { timeout: 30_000 }).toBe(2);
    const parsed = (lines: string[]) =>
      lines
        .join('')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await expect
      .poll(() => parsed(a.out).some((l) => l.event === 'join' && l.name === 'b'), {
        timeout: 30_000,
      })
      .toBe(true);
    expect(parsed(b.out).find((l) => l.event === 'join')).toMatchObject({
      name: 'a',
      addr: nodes[0]!.address,
      count: 2,
    });
    expect(parsed(b.out).find((l) => l.event === 'ready')).toMatchObject({ name: 'b', count: 2 });
    expect(parsed(a.out)[0]).toMatchObject({ event: 'config', name: 'a' });

    // The admin API of a real node: health with the Lifeguard score, partitions, Prometheus metrics.
    const api = `http://${nodes[0]!.httpAddress!}`;
    expect(await (await fetch(`${api}/v1/health`)).json()).toMatchObject({
      name: 'a',
      status: 'alive',
      healthScore: 0,
      members: 2,
    });
    const table = (await (await fetch(`${api}/v1/partitions`)).json()) as {
      partitions: number;
      owners: string[][];
    };
    expect(table.partitions).toBe(64);
    expect(new Set(table.owners.flat())).toEqual(new Set(['a', 'b']));
    const metrics = await (await fetch(`${api}/metrics`)).text();
    expect(metrics).toMatch(/^ring_node_members 2$/m);
    expect(metrics).toMatch(/^ring_swim_\w+_total/m);

    const res = await fetch(`http://${nodes[1]!.httpAddress!}/v1/leave`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await runB).toBe(0);
    expect(parsed(b.out).at(-1)).toMatchObject({ event: 'left' });
    await expect
      .poll(
        () =>
          parsed(a.out).some(
            (l) => l.event === 'leave' && l.name === 'b' && l.state === 'left' && l.count === 1,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    await nodes[0]!.shutdown();
    expect(await runA).toBe(0);
    for (const line of [...a.out, ...b.out])
      expect(line.endsWith('\n') && line.startsWith('{')).toBe(true);
  }, 60_000);
});
