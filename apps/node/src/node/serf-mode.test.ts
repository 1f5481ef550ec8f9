import { describe, expect, it } from 'vitest';
import { configOf, quietLogger } from '../testing/config.js';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import { createSerf } from '@ring/serf';
import type { SerfUserEvent } from '@ring/serf';
import type { EventLine } from '../events/event-lines.js';
import { RingNode } from './ring-node.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('ring-node --serf (memory network, virtual clock)', () => {
  it('seed 41: a Serf member sees its tags; user events both ways; ring-owner query; POST /v1/events', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const network = new MemoryNetwork({ clock, seed: 41, defaultLink: { latencyMs: 1 } });
    const settle = <T>(p: Promise<T>): Promise<T> => clock.runUntilSettled(p, { maxMs: 50_000 });
    const until = async (cond: () => boolean) =>
      expect(await clock.runUntilAsync(cond, { maxMs: 30_000 })).toBe(true);

    // A plain Serf member stands in for a `serf agent`.
    const agent = createSerf({
      name: 'agent',
      transport: network.createTransport(),
      clock,
      random: createSeededRandom(41),
      preset: 'local',
      tags: { role: 'agent' },
    });
    const agentEvents: SerfUserEvent[] = [];
    agent.on('user', (e) => agentEvents.push(e));
    await settle(agent.start());

    const lines: EventLine[] = [];
    const node = await settle(
      RingNode.start({
        config: configOf([
          '--name',
          'ring1',
          '--serf',
          '--http',
          '127.0.0.1:0',
          '--json',
          '--preset',
          'local',
          '--tags',
          'ring=active',
          '--join',
          agent.swim.address,
        ]),
        transport: network.createTransport(),
        clock,
        random: createSeededRandom(41),
        logger: quietLogger,
        onEvent: (l) => lines.push(l),
      }),
    );
    await until(() => agent.member('ring1')?.status === 'alive');
    expect(agent.member('ring1')?.tags).toMatchObject({ ring: 'active' });
    expect(agent.member('ring1')?.delegate).toEqual([2, 5, 5]);
    await until(() => node.members().some((m) => m.name === 'agent'));

    await settle(agent.userEvent('deploy', new TextEncoder().encode('v9'), { coalesce: false }));
    await until(() => lines.some((l) => l.event === 'user'));
    expect(lines.find((l) => l.event === 'user')).toMatchObject({
      event: 'user',
      name: 'deploy',
      payload: 'v9',
      ltime: 1,
    });

    const res = await fetch(`http://${node.httpAddress}/v1/events`, {
      method: 'POST',
      body: JSON.stringify({ name: 'from-http', payload: 'hello' }),
    });
    expect(res.status).toBe(202);
    await until(() => agentEvents.some((e) => e.name === 'from-http'));
    expect(text(agentEvents.find((e) => e.name === 'from-http')!.payload)).toBe('hello');
    const bad = await fetch(`http://${node.httpAddress}/v1/events`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);

    const q = await settle(
      agent.query('ring-owner', new TextEncoder().encode('some-key'), { timeoutMs: 2_000 }),
    );
    const answers: string[] = [];
    await settle(
      (async () => {
        for await (const r of q.responses()) answers.push(`${r.from}=${text(r.payload)}`);
      })(),
    );
    const owner = node.lookup('some-key').owner?.name;
    expect(owner).toBeDefined();
    expect(answers).toEqual([`ring1=${owner!}`]);

    await settle(node.shutdown());
    await until(() => agent.member('ring1')?.status === 'left');
    await settle(agent.shutdown());
  });

  it('POST /v1/events without --serf is 404 ERR_NOT_SERF (seed 42)', async () => {
    const clock = new VirtualClock(0);
    const network = new MemoryNetwork({ clock, seed: 42 });
    const node = await clock.runUntilSettled(
      RingNode.start({
        config: configOf(['--name', 'plain', '--http', '127.0.0.1:0', '--preset', 'local']),
        transport: network.createTransport(),
        clock,
        random: createSeededRandom(42),
        logger: quietLogger,
      }),
      { maxMs: 10_000 },
    );
    const res = await fetch(`http://${node.httpAddress}/v1/events`, {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ERR_NOT_SERF');
    await clock.runUntilSettled(node.shutdown(), { maxMs: 30_000 });
  });
});
