import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSse } from '@ring/demo-kit/sse';
import { followService } from './subscriber.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const member = (name: string, service = 'cache') => ({
  name,
  address: `${name}:7946`,
  state: 'alive',
  incarnation: 1,
  tags: { service, url: `http://${name}` },
});

/** A fake member API whose /v1/events sends `script` and then stays silent with the stream open. */
async function fakeMember(script: string): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url !== '/v1/events') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(script);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('followService', () => {
  it('yields snapshot-based lists, skips a dead endpoint, and leaves a silent stream after the idle timeout', async () => {
    const silent = await fakeMember(
      formatSse('snapshot', { members: [member('a'), member('b'), member('db', 'db')] }),
    );
    const live = await fakeMember(
      formatSse('snapshot', { members: [member('b')] }) +
        formatSse('join', member('c')) +
        formatSse('leave', { ...member('b'), state: 'left' }),
    );
    const ac = new AbortController();
    const status: string[] = [];
    const lists: string[][] = [];
    for await (const peers of followService({
      service: 'cache',
      endpoints: ['127.0.0.1:1', silent, live],
      signal: ac.signal,
      retryMs: 10,
      idleTimeoutMs: 150,
      onStatus: (s) => status.push(s),
    })) {
      lists.push(peers);
      if (lists.length === 4) ac.abort();
    }
    expect(lists).toEqual([
      ['http://a', 'http://b'],
      ['http://b'],
      ['http://b', 'http://c'],
      ['http://c'],
    ]);
    expect(status[0]).toMatch(/^127\.0\.0\.1:1 failed/);
    expect(status).toContain(`following ${silent}`);
    expect(status).toContain(`${silent} failed (no data for 150 ms)`);
    expect(status.at(-1)).toBe(`following ${live}`);
    for (const l of lists) expect(l.length).toBeGreaterThan(0);
  });
});
