/**
 * `ring-node --serf --json` (the real CLI, spawned through bin/ring-node.cjs) in one cluster with a
 * real `serf agent` (Debian serf 0.8.2-dev) on 127.0.0.1. Runs under `pnpm test:interop`, whose
 * global setup fails with the install line when `serf` is missing; it never skips.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, stopAllAgents, waitFor } from '@ring/serf-agent';
import { spawnRingNode } from './helpers/ring-node-process.js';

const children: { kill: () => void; exit: Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill();
    await c.exit;
  }
  await stopAllAgents();
});

function ringNode(args: string[]) {
  const p = spawnRingNode([
    '--bind',
    '127.0.0.1:0',
    '--http',
    '127.0.0.1:0',
    '--json',
    '--serf',
    ...args,
  ]);
  children.push({ kill: () => p.stop(), exit: p.exit });
  return p;
}

describe('ring-node --serf with a real serf agent', () => {
  it('is listed with its tags, prints user events, sends them over POST /v1/events, answers ring-owner, leaves', async () => {
    const agent = await startAgent({ name: 'agent1', tags: { role: 'web' } });
    const node = ringNode(['--name', 'ring1', '--tags', 'ring=active', '--join', agent.address]);
    const me = await waitFor(
      'serf members lists ring1 with its tags',
      async () => {
        const m = (await agent.members()).find((x) => x.name === 'ring1');
        return m?.status === 'alive' &&
          m.tags.ring === 'active' &&
          m.tags['ring.http'] !== undefined
          ? m
          : undefined;
      },
      20_000,
    );
    const http = `http://${me.tags['ring.http']!}`;

    await agent.cli('event', '-coalesce=false', 'deploy', 'v3');
    const line = await waitFor('a user line', () => node.lines.find((l) => l.event === 'user'));
    expect(line).toMatchObject({ event: 'user', name: 'deploy', payload: 'v3' });
    expect(typeof line.ltime).toBe('number');

    const res = await fetch(`${http}/v1/events`, {
      method: 'POST',
      body: JSON.stringify({ name: 'from-ring', payload: 'hi agents' }),
    });
    expect(res.status).toBe(202);
    await waitFor('the agent event handler got from-ring', () =>
      agent.userEvents().some((l) => /^from-ring \d+ hi agents$/.test(l)),
    );

    const out = JSON.parse(
      await agent.cli('query', '-format=json', '-timeout=3s', 'ring-owner', 'some-key'),
    ) as { Responses: Record<string, string> };
    // Without --watch-tag the agent is on the ring too: ring1 answers with the owner it computes.
    const lookup = (await (await fetch(`${http}/v1/lookup?key=some-key`)).json()) as {
      owner: { name: string } | null;
    };
    expect(out.Responses.ring1).toBe(lookup.owner?.name ?? '');
    expect(['ring1', 'agent1']).toContain(out.Responses.ring1);

    node.stop();
    await node.exit;
    await waitFor('agent sees ring1 left', async () => (await agent.statusOf('ring1')) === 'left');
  }, 120_000);
});
