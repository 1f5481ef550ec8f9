import { describe, expect, it } from 'vitest';
import { VirtualClock, createSeededRandom } from '@ring/base';
import { MemoryNetwork } from '@ring/transport';
import { MemoryMetrics } from '@ring/swim';
import { createSerf } from '../src/index.js';
import type { Serf, SerfConfig, SerfQueryResponse, SerfUserEvent } from '../src/index.js';

function cluster(seed: number) {
  const clock = new VirtualClock(0);
  const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
  let i = 0;
  const make = (name: string, extra: Partial<SerfConfig> = {}): Serf =>
    createSerf({
      name,
      transport: net.createTransport(),
      clock,
      random: createSeededRandom(seed * 101 + i++),
      preset: 'local',
      tags: { role: name },
      ...extra,
    });
  const until = async (cond: () => boolean, maxMs = 20_000): Promise<void> => {
    expect(await clock.runUntilAsync(cond, { maxMs })).toBe(true);
  };
  const settle = <T>(p: Promise<T>, maxMs = 20_000): Promise<T> =>
    clock.runUntilSettled(p, { maxMs });
  return { clock, net, make, until, settle };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
const status = (s: Serf, name: string) => s.member(name)?.status;

async function threeNodes(seed: number, extra: Partial<SerfConfig> = {}) {
  const c = cluster(seed);
  const nodes = ['a', 'b', 'c'].map((n) => c.make(n, extra));
  for (const n of nodes) await n.start();
  const [a, b, cc] = nodes as [Serf, Serf, Serf];
  await c.settle(b.join([a.swim.address]));
  await c.settle(cc.join([b.swim.address]));
  await c.until(() =>
    nodes.every((n) => n.members().filter((m) => m.status === 'alive').length === 3),
  );
  return { ...c, a, b, c: cc, nodes };
}

describe('@ring/serf on MemoryNetwork + VirtualClock', () => {
  it('joins, sees tags, and carries join intents with Lamport times (seed 701)', async () => {
    const { a, b, c, nodes, settle, until } = await threeNodes(701);
    // c's join announcement makes a list c before c's join intent (a user broadcast) reaches a.
    await until(() => a.clocks.member > 1);
    for (const n of nodes) {
      expect(n.member('a')?.tags).toEqual({ role: 'a' });
      expect(n.member('c')?.tags).toEqual({ role: 'c' });
      expect(n.member('b')?.delegate).toEqual([2, 5, 5]);
    }
    expect(a.clocks.member).toBeGreaterThan(1);
    expect(b.clocks.member).toBeGreaterThanOrEqual(2);
    expect(c.clocks.member).toBeGreaterThanOrEqual(2);
    for (const n of nodes) await settle(n.shutdown());
  });

  it('delivers a user event once per member, with coalesce flag and dedup (seed 702)', async () => {
    const { a, nodes, until, clock, settle } = await threeNodes(702);
    const got = new Map<string, SerfUserEvent[]>();
    for (const n of nodes) {
      got.set(n.name, []);
      n.on('user', (e) => got.get(n.name)!.push(e));
    }
    await a.userEvent('deploy', bytes('v1'), { coalesce: false });
    await a.userEvent('deploy', bytes('v2'));
    await until(() => [...got.values()].every((l) => l.length === 2));
    await clock.advanceAsync(10_000); // let every retransmission arrive: still once each
    for (const [, list] of got) {
      list.sort((x, y) => x.ltime - y.ltime); // gossip may deliver them in either order
      expect(list.map((e) => [e.name, str(e.payload), e.coalesce])).toEqual([
        ['deploy', 'v1', false],
        ['deploy', 'v2', true],
      ]);
      expect(list[1]!.ltime).toBe(list[0]!.ltime + 1);
    }
    await expect(a.userEvent('x', new Uint8Array(600))).rejects.toMatchObject({
      code: 'ERR_TOO_LARGE',
    });
    for (const n of nodes) await settle(n.shutdown());
  });

  it('answers queries with acks and responses, honouring node and tag filters (seed 703)', async () => {
    const { a, b, c, nodes, until, settle } = await threeNodes(703);
    for (const n of nodes) n.onQuery((q) => bytes(`${n.name}:${str(q.payload)}`));
    const r = await a.query('who', bytes('x'), { requestAck: true, timeoutMs: 5_000 });
    const responses: SerfQueryResponse[] = [];
    const acks: string[] = [];
    const collected = Promise.all([
      (async () => {
        for await (const x of r.responses()) responses.push(x);
      })(),
      (async () => {
        for await (const x of r.acks()) acks.push(x);
      })(),
    ]);
    await settle(collected);
    expect(r.finished).toBe(true);
    expect(responses.map((x) => str(x.payload)).sort()).toEqual(['a:x', 'b:x', 'c:x']);
    expect(acks.sort()).toEqual(['a', 'b', 'c']);

    const f = await b.query('who', bytes('y'), {
      filterTags: { role: '^[ac]$' },
      timeoutMs: 3_000,
    });
    const fr: string[] = [];
    await settle(
      (async () => {
        for await (const x of f.responses()) fr.push(x.from);
      })(),
    );
    expect(fr.sort()).toEqual(['a', 'c']);

    const g = await c.query('who', bytes('z'), {
      filterNodes: ['b'],
      relayFactor: 1,
      timeoutMs: 3_000,
    });
    await until(() => g.finished, 10_000);
    expect([...g.respondedBy]).toEqual(['b']);
    for (const n of nodes) await settle(n.shutdown());
  });

  it('gossips tag changes, graceful leave → left, crash → failed, then reaps (seed 704)', async () => {
    const { a, b, c, nodes, until, settle } = await threeNodes(704, {
      options: { reconnectTimeoutMs: 30_000, tombstoneTimeoutMs: 60_000, reapIntervalMs: 5_000 },
    });
    const reaped: string[] = [];
    a.on('member-reap', (m) => reaped.push(m.name));
    await b.setTags({ role: 'b', env: 'prod' });
    await until(() => a.member('b')?.tags.env === 'prod' && c.member('b')?.tags.env === 'prod');
    await settle(c.leave());
    await until(() => status(a, 'c') === 'left' && status(b, 'c') === 'left');
    await settle(c.shutdown());
    await settle(b.shutdown());
    await until(() => status(a, 'b') === 'failed', 30_000);
    await until(() => reaped.includes('b'), 60_000);
    expect(status(a, 'c')).toBe('left');
    await until(() => reaped.includes('c'), 120_000);
    expect(a.members().map((m) => m.name)).toEqual(['a']);
    for (const n of nodes) await settle(n.shutdown());
  });

  it('push/pull brings a late joiner the recent events, not the departed (seed 705)', async () => {
    const { a, b, c, nodes, until, settle, make } = await threeNodes(705);
    await a.userEvent('early', bytes('1'));
    await until(() => b.clocks.event >= 2 && c.clocks.event >= 2);
    await settle(c.leave());
    await until(() => status(a, 'c') === 'left');
    await settle(c.shutdown());
    const d = make('d');
    const seen: string[] = [];
    d.on('user', (e) => seen.push(e.name));
    await d.start();
    await settle(d.join([a.swim.address]));
    await until(() => seen.includes('early'));
    // As in Go: memberlist ignores a left node it never knew, and Serf keeps only an intent for it.
    expect(
      d
        .members()
        .map((m) => `${m.name}:${m.status}`)
        .sort(),
    ).toEqual(['a:alive', 'b:alive', 'd:alive']);
    expect(d.clocks.event).toBeGreaterThanOrEqual(a.clocks.event - 1);
    for (const n of [...nodes, d]) await settle(n.shutdown());
  });

  it('counts malformed Serf messages and keeps working (seed 706)', async () => {
    const metrics = new MemoryMetrics();
    const { a, b, nodes, until, settle } = await threeNodes(706, { metrics });
    for (const bad of [Uint8Array.of(3, 0x85), Uint8Array.of(4, 0xc1), Uint8Array.of(99)])
      await b.swim.sendToAddress(a.swim.address, bad);
    await until(
      () => metrics.counter('ring_serf_decode_errors_total', { what: 'message' }) >= 3,
      5_000,
    );
    const seen: string[] = [];
    a.on('user', (e) => seen.push(e.name));
    await b.userEvent('after', bytes(''));
    await until(() => seen.includes('after'));
    for (const n of nodes) await settle(n.shutdown());
  });
});

describe('@ring/serf user-event coalescing', () => {
  it('delivers only the latest coalescable event per name; others pass at once (seed 709)', async () => {
    const { a, b, nodes, until, clock, settle } = await threeNodes(709, {
      options: { userCoalescePeriodMs: 2_000, userQuiescentPeriodMs: 500 },
    });
    const got: string[] = [];
    b.on('user', (e) => got.push(`${e.name}:${str(e.payload)}`));
    await a.userEvent('deploy', bytes('v1'));
    await a.userEvent('deploy', bytes('v2'));
    await a.userEvent('deploy', bytes('v3'));
    await a.userEvent('urgent', bytes('x'), { coalesce: false });
    await until(() => got.includes('urgent:x'));
    expect(got).toEqual(['urgent:x']);
    await until(() => got.length === 2);
    await clock.advanceAsync(5_000);
    expect(got).toEqual(['urgent:x', 'deploy:v3']);
    for (const n of nodes) await settle(n.shutdown());
  });
});

describe('@ring/serf lifecycle', () => {
  it('shutdown during leave ends the leave; API errors are typed (seed 707)', async () => {
    const { make, settle } = cluster(707);
    const a = make('a');
    expect(() => a.members()).not.toThrow();
    await expect(a.userEvent('x', new Uint8Array(0))).rejects.toMatchObject({
      code: 'ERR_NOT_STARTED',
    });
    await expect(a.leave()).rejects.toMatchObject({ code: 'ERR_NOT_STARTED' });
    await a.start();
    await a.start(); // idempotent
    expect(a.state).toBe('alive');
    expect(a.members().map((m) => m.name)).toEqual(['a']);
    const leaving = a.leave();
    await a.shutdown(); // must not leave `leaving` pending for ever
    await settle(leaving);
    expect(a.state).toBe('shutdown');
    await expect(a.query('q', new Uint8Array(0))).rejects.toMatchObject({ code: 'ERR_SHUTDOWN' });
    await expect(a.start()).rejects.toMatchObject({ code: 'ERR_SHUTDOWN' });
  });

  it('protocol 3 refuses queries; oversized tags and queries are refused (seed 708)', async () => {
    const { make } = cluster(708);
    expect(() => make('big', { tags: { x: 'y'.repeat(600) } })).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }) as Error,
    );
    const old = make('old', { options: { protocolVersion: 3 } });
    await old.start();
    await expect(old.query('q', new Uint8Array(0))).rejects.toMatchObject({
      code: 'ERR_UNSUPPORTED',
    });
    expect(old.swim.localMember.delegate).toEqual({ min: 2, max: 5, cur: 3 });
    const b = make('b');
    await b.start();
    await expect(b.query('q', new Uint8Array(2000))).rejects.toMatchObject({
      code: 'ERR_TOO_LARGE',
    });
    await expect(b.setTags({ x: 'y'.repeat(600) })).rejects.toMatchObject({
      code: 'ERR_TOO_LARGE',
    });
    await old.shutdown();
    await b.shutdown();
  });
});
