// Mixed clusters of real `serf agent` processes (Debian serf 0.8.2-dev) and Ring Serf members on
// 127.0.0.1. Run with `pnpm test:interop` (needs `apt-get install serf iproute2`).
import { afterEach, describe, expect, it } from 'vitest';
import { createUdpTransport } from '@ring/transport/node';
import { Keyring } from '@ring/swim/wire';
import { createSerf } from '../../src/index.js';
import type { Serf, SerfQueryResponse, SerfUserEvent } from '../../src/index.js';
import { startAgent, stopAllAgents, waitFor } from '@ring/serf-agent';

const ringNodes = new Set<Serf>();
const bytes = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function ring(
  name: string,
  tags: Record<string, string> = { role: 'ring' },
  key?: Uint8Array,
): Serf {
  const s = createSerf({
    name,
    transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
    tags,
    options: { leavePropagateDelayMs: 200 },
    ...(key === undefined ? {} : { keyring: new Keyring([key]) }),
  });
  s.onQuery((q) => bytes(`${name}:${str(q.payload)}`));
  ringNodes.add(s);
  return s;
}

afterEach(async () => {
  await Promise.all([...ringNodes].map((s) => s.shutdown()));
  ringNodes.clear();
  await stopAllAgents();
});

const alive = (s: Serf, name: string) => s.member(name)?.status === 'alive';

describe('@ring/serf with real serf agents', () => {
  it('a Ring node joins an agent; tags both ways within 5 s; tag changes both ways', async () => {
    const agent = await startAgent({ name: 'agent1', tags: { role: 'web' } });
    const r = ring('ring1');
    await r.start();
    await r.join([agent.address]);
    await waitFor(
      'agent lists ring1 alive with its tags',
      async () => {
        const m = (await agent.members()).find((x) => x.name === 'ring1');
        return m?.status === 'alive' && m.tags.role === 'ring';
      },
      5_000,
    );
    await waitFor(
      'ring1 sees agent1 with its tags',
      () => r.member('agent1')?.tags.role === 'web',
      5_000,
    );
    expect(r.member('agent1')?.delegate).toEqual([2, 5, 5]);
    await r.setTags({ role: 'ring', zone: 'a' });
    await waitFor(
      'agent sees ring1 tag change',
      async () => (await agent.members()).find((x) => x.name === 'ring1')?.tags.zone === 'a',
    );
    await agent.cli('tags', '-set', 'env=prod');
    await waitFor('ring1 sees agent1 tag change', () => r.member('agent1')?.tags.env === 'prod');
  });

  it('an agent joins a Ring node (serf join)', async () => {
    const r = ring('ring1');
    await r.start();
    const agent = await startAgent({ name: 'agent1' });
    await agent.cli('join', r.swim.address);
    await waitFor('ring1 sees agent1', () => alive(r, 'agent1'), 5_000);
    await waitFor(
      'agent sees ring1',
      async () => (await agent.statusOf('ring1')) === 'alive',
      5_000,
    );
  });

  it('2 agents + 1 Ring node: user events both ways once per member, queries both ways', async () => {
    const a1 = await startAgent({ name: 'agent1' });
    const a2 = await startAgent({ name: 'agent2', join: a1.address });
    const r = ring('ring1');
    const got: SerfUserEvent[] = [];
    r.on('user', (e) => got.push(e));
    await r.start();
    await r.join([a2.address]);
    await waitFor('all see 3 alive', async () => {
      const ok = async (a: typeof a1) =>
        (await a.members()).filter((m) => m.status === 'alive').length === 3;
      return (
        (await ok(a1)) &&
        (await ok(a2)) &&
        r.members().filter((m) => m.status === 'alive').length === 3
      );
    });
    await r.userEvent('from-ring', bytes('hello'), { coalesce: false });
    await a1.cli('event', '-coalesce=false', 'from-agent', 'hi');
    await waitFor('agents got from-ring', () =>
      [a1, a2].every((a) => a.userEvents().some((l) => l.startsWith('from-ring'))),
    );
    await waitFor('ring got from-agent', () => got.some((e) => e.name === 'from-agent'));
    // Count only once every sender's broadcast queue has drained: all retransmissions are out.
    await waitFor('every event broadcast fully retransmitted', async () => {
      for (const a of [a1, a2]) if ((await a.serfInfo()).event_queue !== '0') return false;
      return r.swim.userQueueDepth === 0;
    });
    for (const a of [a1, a2]) {
      expect(a.userEvents().filter((l) => l.startsWith('from-ring '))).toHaveLength(1);
      expect(a.userEvents().find((l) => l.startsWith('from-ring '))).toMatch(
        /^from-ring \d+ hello$/,
      );
    }
    expect(got.filter((e) => e.name === 'from-agent')).toHaveLength(1);
    expect(str(got.find((e) => e.name === 'from-agent')!.payload)).toBe('hi');
    expect(got.filter((e) => e.name === 'from-ring')).toHaveLength(1);

    // Ring → agents: acks and responses
    const q = await r.query('status', bytes('x'), { requestAck: true, timeoutMs: 3_000 });
    const responses: SerfQueryResponse[] = [];
    const acks: string[] = [];
    await Promise.all([
      (async () => {
        for await (const x of q.responses()) responses.push(x);
      })(),
      (async () => {
        for await (const x of q.acks()) acks.push(x);
      })(),
    ]);
    expect(acks.sort()).toEqual(['agent1', 'agent2', 'ring1']);
    expect(responses.map((x) => `${x.from}=${str(x.payload)}`).sort()).toEqual([
      'agent1=agent1:x',
      'agent2=agent2:x',
      'ring1=ring1:x',
    ]);

    // Agent → Ring: the agent's `serf query` gets our ack and response
    const out = JSON.parse(await a1.cli('query', '-format=json', '-timeout=3s', 'status', 'y')) as {
      Acks: string[];
      Responses: Record<string, string>;
    };
    expect(out.Acks.sort()).toEqual(['agent1', 'agent2', 'ring1']);
    expect(out.Responses.ring1).toBe('ring1:y');

    // Filters: only tag-matching / named nodes answer
    const f = JSON.parse(
      await a1.cli('query', '-format=json', '-timeout=2s', '-tag', 'role=^ring$', 'status', 'z'),
    ) as { Responses: Record<string, string> };
    expect(Object.keys(f.Responses)).toEqual(['ring1']);
    const g = await r.query('status', bytes('w'), {
      filterNodes: ['agent2'],
      relayFactor: 1,
      timeoutMs: 2_000,
    });
    const gr: string[] = [];
    for await (const x of g.responses()) gr.push(x.from);
    expect(gr).toEqual(['agent2']);
  });

  it('1 agent + 2 Ring nodes: membership everywhere, graceful leave → left both sides', async () => {
    const agent = await startAgent({ name: 'agent1' });
    const r1 = ring('ring1');
    const r2 = ring('ring2');
    await r1.start();
    await r2.start();
    await r1.join([agent.address]);
    await r2.join([r1.swim.address]);
    await waitFor('agent sees both ring nodes', async () => {
      const ms = await agent.members();
      return ['ring1', 'ring2'].every((n) => ms.find((m) => m.name === n)?.status === 'alive');
    });
    await waitFor('ring2 sees agent1 and ring1', () => alive(r2, 'agent1') && alive(r2, 'ring1'));
    await r2.leave();
    await waitFor('agent sees ring2 left', async () => (await agent.statusOf('ring2')) === 'left');
    await waitFor('ring1 sees ring2 left', () => r1.member('ring2')?.status === 'left');
    await agent.cli('leave');
    await waitFor('ring1 sees agent1 left', () => r1.member('agent1')?.status === 'left');
  });

  it('kill -9 of an agent → failed on the Ring side; a crashed Ring node → failed on the agent', async () => {
    const a1 = await startAgent({ name: 'agent1' });
    const a2 = await startAgent({ name: 'agent2', join: a1.address });
    const r = ring('ring1');
    const r2 = ring('ring2');
    await r.start();
    await r2.start();
    await r.join([a1.address]);
    await r2.join([a1.address]);
    await waitFor('ring1 sees agent2', () => alive(r, 'agent2') && alive(r, 'ring2'));
    await waitFor('agent2 sees ring2', async () => (await a2.statusOf('ring2')) === 'alive');
    a2.kill9();
    await waitFor(
      'ring1 sees agent2 failed',
      () => r.member('agent2')?.status === 'failed',
      20_000,
    );
    await r2.shutdown();
    await waitFor(
      'agent1 sees ring2 failed',
      async () => (await a1.statusOf('ring2')) === 'failed',
      20_000,
    );
  });

  it('encrypted cluster (-encrypt) with a mixed membership; serf keys install/use/remove/list', async () => {
    const key = new Uint8Array(16).map((_, i) => i * 7 + 1);
    const b64 = Buffer.from(key).toString('base64');
    const a1 = await startAgent({ name: 'agent1', encrypt: b64 });
    const r = ring('ring1', { role: 'ring' }, key);
    const got: string[] = [];
    r.on('user', (e) => got.push(e.name));
    await r.start();
    await r.join([a1.address]);
    await waitFor('agent sees ring1', async () => (await a1.statusOf('ring1')) === 'alive', 5_000);
    await a1.cli('event', 'secret', 'x');
    await waitFor('ring1 got the encrypted event', () => got.includes('secret'));
    const out = JSON.parse(await a1.cli('query', '-format=json', '-timeout=2s', 'status', 'e')) as {
      Responses: Record<string, string>;
    };
    expect(out.Responses.ring1).toBe('ring1:e');
    // `serf keys`: the agent's key queries reach the Ring node, which answers and rotates too
    const key2 = new Uint8Array(16).map((_, i) => 200 - i);
    const b64b = Buffer.from(key2).toString('base64');
    await a1.cli('keys', '-install', b64b); // exits 1 unless every member answers with success
    await a1.cli('keys', '-use', b64b);
    await a1.cli('keys', '-remove', b64);
    const listed = await a1.cli('keys', '-list');
    expect(listed).toMatch(new RegExp(`${b64b.replace(/[+/=]/g, '\\$&')}\\s+\\[2/2\\]`));
    expect(listed).not.toContain(b64);
    await a1.cli('event', 'rotated', 'y');
    await waitFor('ring1 got an event under the new key', () => got.includes('rotated'));
    // a node without the key cannot join
    const outsider = ring('outsider');
    await outsider.start();
    await expect(outsider.join([a1.address])).rejects.toMatchObject({ code: 'ERR_JOIN_FAILED' });
  });
});
