import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatSse, startSse } from '@ring/demo-kit/sse';
import type { HostPort } from '@ring/demo-kit';
import type { MemberFeed } from '@ring/demo-kit/member-feed';

/** Comment line sent on an idle stream this often, so subscribers can tell a quiet cluster from a dead member. */
const KEEP_ALIVE_MS = 15_000;

/** A running {@link startEventsServer}. */
export interface EventsServer {
  /** The bound `host:port`. */
  readonly address: string;
  /** Stop listening, once every stream has ended (close the feed first). */
  close(): Promise<void>;
}

/**
 * Serve `GET /v1/events` — the member's snapshot, then its changes, as Server-Sent Events, the
 * format of `ring-node`'s admin API — so a process outside the cluster can follow it.
 *
 * @param feed - the member's feed.
 * @param bind - where to listen (port 0: any free port).
 */
export async function startEventsServer(feed: MemberFeed, bind: HostPort): Promise<EventsServer> {
  const streams = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/v1/events') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route ${req.url ?? ''}\n`);
      return;
    }
    const ac = new AbortController();
    req.on('close', () => ac.abort());
    const { snapshot, changes } = feed.subscribe(ac.signal);
    startSse(res);
    res.write(formatSse('snapshot', { members: snapshot }));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    const stream = (async () => {
      try {
        for await (const change of changes) res.write(formatSse(change.type, change.member));
      } finally {
        clearInterval(keepAlive);
      }
      res.end();
    })();
    streams.add(stream);
    void stream.finally(() => streams.delete(stream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    address: `${address.includes(':') ? `[${address}]` : address}:${port}`,
    async close() {
      // Let every stream write its end (the feed closed them) before connections are cut.
      await Promise.allSettled([...streams]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
