import { afterEach, describe, expect, it } from 'vitest';
import { AdminServer } from './admin-server.js';
import type { MemberView } from './admin-api.js';
import { FakeNode } from '../testing/fake-node.js';
import { SseParser } from '@ring/demo-kit/sse';

const servers: AdminServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function cluster(
  owners: (self: string, key: string) => string | null,
  hopLimit = 3,
  keepAliveMs = 15_000,
) {
  const peers = new Map<string, FakeNode>();
  const urls: Record<string, string> = {};
  for (const name of ['n1', 'n2']) {
    const node = new FakeNode(name, peers, (key) => owners(name, key));
    peers.set(name, node);
    const server = new AdminServer({ node, hopLimit, keepAliveMs });
    servers.push(server);
    node.httpAddress = await server.listen('127.0.0.1:0');
    urls[name] = `http://${node.httpAddress}`;
  }
  return { peers, urls };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

const byLetter = (_self: string, key: string) => (key.startsWith('a') ? 'n1' : 'n2');

describe('AdminServer', () => {
  it('serves members, health, lookup, partitions and metrics as documented', async () => {
    const { urls } = await cluster(byLetter);
    const members = await json(fetch(`${urls.n1}/v1/members`));
    expect(members.name).toBe('n1');
    expect(members.count).toBe(2);
    expect(members.members.map((m: MemberView) => m.name)).toEqual(['n1', 'n2']);
    const health = await fetch(`${urls.n1}/v1/health`);
    expect(health.status).toBe(200);
    expect(await json(health)).toEqual({ name: 'n1', status: 'alive', healthScore: 2, members: 2 });
    const lookup = await json(fetch(`${urls.n1}/v1/lookup?key=bar`));
    expect(lookup.owner.name).toBe('n2');
    expect(lookup.partitionOwners).toEqual(['n2']);
    expect((await fetch(`${urls.n1}/v1/lookup`)).status).toBe(400);
    expect(await json(fetch(`${urls.n1}/v1/partitions`))).toMatchObject({
      partitions: 2,
      epoch: 7,
    });
    const metrics = await fetch(`${urls.n1}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    expect(await metrics.text()).toContain('ring_node_members 2');
    expect((await fetch(`${urls.n1}/nope`)).status).toBe(404);
    const wrong = await fetch(`${urls.n1}/v1/members`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('POST /v1/leave answers 202 and starts the leave; health turns 503', async () => {
    const { peers, urls } = await cluster(byLetter);
    expect((await fetch(`${urls.n2}/v1/leave`)).status).toBe(405);
    const res = await fetch(`${urls.n2}/v1/leave`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(peers.get('n2')!.leaves).toBe(1);
    expect((await fetch(`${urls.n2}/v1/health`)).status).toBe(503);
  });

  it('streams a snapshot then changes over /v1/events, and ends the stream on close', async () => {
    const { peers, urls } = await cluster(byLetter);
    const res = await fetch(`${urls.n1}/v1/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const next = async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return [];
        const events = parser.push(decoder.decode(value, { stream: true }));
        if (events.length > 0) return events;
      }
    };
    const [snapshot] = await next();
    expect(snapshot!.event).toBe('snapshot');
    expect(JSON.parse(snapshot!.data).members.map((m: MemberView) => m.name)).toEqual(['n1', 'n2']);
    const feed = peers.get('n1')!.feeds[0]!;
    feed.push({
      type: 'join',
      member: { name: 'n3', address: 'n3:7946', state: 'alive', incarnation: 1, tags: {} },
    });
    const [join] = await next();
    expect(join).toEqual({
      event: 'join',
      data: '{"name":"n3","address":"n3:7946","state":"alive","incarnation":1,"tags":{}}',
    });
    await servers[0]!.close();
    expect(await next()).toEqual([]);
  });

  it('stores a key on its owner and proxies requests for keys owned elsewhere', async () => {
    const { urls } = await cluster(byLetter);
    const put = await fetch(`${urls.n1}/v1/kv/bar`, { method: 'PUT', body: 'value-of-bar' });
    expect(put.status).toBe(204);
    expect(put.headers.get('x-ring-served-by')).toBe('n2');
    expect(put.headers.get('x-ring-hops')).toBe('1');
    const direct = await fetch(`${urls.n2}/v1/kv/bar`);
    expect(direct.headers.get('x-ring-hops')).toBe('0');
    expect(await direct.text()).toBe('value-of-bar');
    const viaN1 = await fetch(`${urls.n1}/v1/kv/bar`);
    expect(viaN1.headers.get('x-ring-served-by')).toBe('n2');
    expect(await viaN1.text()).toBe('value-of-bar');
    expect((await fetch(`${urls.n2}/v1/kv/apple`)).status).toBe(404);
    expect((await fetch(`${urls.n2}/v1/kv/bar`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${urls.n1}/v1/kv/bar`)).status).toBe(404);
    expect((await fetch(`${urls.n1}/v1/kv/bar`, { method: 'POST' })).status).toBe(405);
  });

  it('stops a forwarding loop at the hop limit with 508', async () => {
    // Each node believes the other owns every key: without a hop limit this would loop forever.
    const { urls } = await cluster((self) => (self === 'n1' ? 'n2' : 'n1'), 2);
    const res = await fetch(`${urls.n1}/v1/kv/x`);
    expect(res.status).toBe(508);
    expect((await json(res)).error.code).toBe('ERR_HOP_LIMIT');
    const bad = await fetch(`${urls.n1}/v1/kv/x`, { headers: { 'x-ring-hops': 'many' } });
    expect(bad.status).toBe(400);
  });

  it('answers 503 when no member owns the key and 502 when the owner cannot be reached', async () => {
    const { peers, urls } = await cluster((_s, key) => (key === 'none' ? null : 'n2'));
    expect((await fetch(`${urls.n1}/v1/kv/none`)).status).toBe(503);
    peers.get('n2')!.httpAddress = '127.0.0.1:1';
    const res = await fetch(`${urls.n1}/v1/kv/k`);
    expect(res.status).toBe(502);
    expect((await json(res)).error.code).toBe('ERR_FORWARD');
  });

  it('sends keep-alive comments on a quiet event stream', async () => {
    const { urls } = await cluster(byLetter, 3, 20);
    const res = await fetch(`${urls.n1}/v1/events`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': keep-alive\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text.startsWith('event: snapshot\n')).toBe(true);
    expect(text).toContain(': keep-alive\n\n');
    await reader.cancel();
  });
});
