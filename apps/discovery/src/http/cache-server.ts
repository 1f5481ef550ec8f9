import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DemoError } from '@ring/demo-kit';
import type { HostPort } from '@ring/demo-kit';

/** Header naming the instance that answered (the key's owner, or this one as a fallback). */
export const SERVED_BY = 'x-ring-served-by';
/** Header naming the instance that forwarded the request to the owner. */
export const FORWARDED_BY = 'x-ring-forwarded-by';
/** Hops a request has made; a forwarded request is served where it lands (one hop at most). */
export const HOPS = 'x-ring-hops';

/** Options of {@link startCacheServer}. */
export interface CacheServerOptions {
  /** This instance's name (in {@link SERVED_BY}). */
  readonly name: string;
  /** Address to listen on (port 0: any free port). */
  readonly bind: HostPort;
  /** The owner's URL of a key, `undefined` when it is this instance (the pool's `pickPeer`). */
  readonly pickPeer: (key: string) => string | undefined;
  /** Every peer's URL (the pool's `peers`). */
  readonly peers: () => readonly string[];
  /** Names of the peers by URL, for log lines and headers. */
  readonly nameOf: (url: string) => string;
  /** Told about every request, in one line. */
  readonly log: (line: string) => void;
  /** Give up on the owner after this long (ms) and load the value here. @default 2000 */
  readonly forwardTimeoutMs?: number;
}

/** A running cache server. */
export interface CacheServer {
  /** `http://host:port`, what the other instances forward to. */
  readonly url: string;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

/**
 * The groupcache-style HTTP side of a discovery instance: `GET /cache/KEY` is answered by the
 * key's owner on the pool's consistent-hash ring; any other instance forwards it there (one hop,
 * {@link FORWARDED_BY} set) and passes the owner's answer on, with {@link SERVED_BY} naming who
 * served it. When the owner cannot be reached the value is loaded here, as groupcache does.
 * `GET /peers` shows the pool.
 *
 * @param options - name, address, pool.
 * @throws DemoError `ERR_BIND` naming the port when it cannot listen.
 */
export async function startCacheServer(options: CacheServerOptions): Promise<CacheServer> {
  const values = new Map<string, string>();
  let url = '';
  const load = (key: string): { value: string; hit: boolean } => {
    const cached = values.get(key);
    if (cached !== undefined) return { value: cached, hit: true };
    const value = `value of ${key} (loaded by ${options.name})`;
    values.set(key, value);
    return { value, hit: false };
  };
  const serveHere = (res: ServerResponse, key: string, note: string): void => {
    const { value, hit } = load(key);
    options.log(`GET /cache/${key} -> served here (${hit ? 'cache hit' : 'loaded'}${note})`);
    res.writeHead(200, { 'content-type': 'text/plain', [SERVED_BY]: options.name });
    res.end(`${value}\n`);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/peers') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify({ self: url, peers: options.peers() })}\n`);
      return;
    }
    const m = /^\/cache\/(.+)$/.exec(path);
    if (req.method !== 'GET' || m === null) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('try GET /cache/KEY or GET /peers\n');
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(m[1]!);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('bad percent-encoding in the key\n');
      return;
    }
    const owner = options.pickPeer(key);
    if (owner === undefined || Number(req.headers[HOPS] ?? 0) >= 1) {
      serveHere(
        res,
        key,
        owner === undefined ? '' : `; forwarded here, the ring says ${options.nameOf(owner)}`,
      );
      return;
    }
    try {
      const answer = await fetch(`${owner}/cache/${encodeURIComponent(key)}`, {
        headers: { [HOPS]: '1' },
        signal: AbortSignal.timeout(options.forwardTimeoutMs ?? 2000),
      });
      const body = await answer.text();
      const servedBy = answer.headers.get(SERVED_BY) ?? options.nameOf(owner);
      options.log(
        `GET /cache/${key} -> forwarded to ${options.nameOf(owner)} (${owner}), served by ${servedBy}`,
      );
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
        [SERVED_BY]: servedBy,
        [FORWARDED_BY]: options.name,
      });
      res.end(body);
    } catch (error) {
      serveHere(
        res,
        key,
        `; owner ${options.nameOf(owner)} unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new DemoError(
          'ERR_BIND',
          error.code === 'EADDRINUSE'
            ? `cannot serve HTTP on ${options.bind.text}: port ${options.bind.port} is in use (pick another --http port)`
            : `cannot serve HTTP on ${options.bind.text}: ${error.message}`,
          { cause: error },
        ),
      );
    });
    server.listen(options.bind.port, options.bind.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.bind.port;
  const host = options.bind.host.includes(':') ? `[${options.bind.host}]` : options.bind.host;
  url = `http://${host}:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
