import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { isRingError } from '@ring/transport';
import { formatHostPort, parseHostPort } from '../config/host-port.js';
import type { AdminNode } from './admin-api.js';
import {
  DEFAULT_KV_MAX_BYTES,
  DEFAULT_KV_MAX_KEYS,
  DEFAULT_KV_MAX_VALUE_BYTES,
  KvStore,
} from './kv-store.js';
import type { KvLimits } from './kv-store.js';
import { RequestGuard } from './request-guard.js';
import { formatSse, startSse } from '@ring/demo-kit/sse';
import type { ExplainNode } from './explain-api.js';
import { ExplainRoutes, explainRouteLabel } from './explain-routes.js';
import { UiAssets } from './ui-assets.js';
import { readBody, sendError, sendJson } from './json-response.js';
import { KvRoute } from './kv-route.js';

/**
 * `node:https`, loaded only when the API serves TLS: it pulls in the TLS stack, which a node
 * without `--http-tls-cert` never needs at start-up.
 */
function httpsModule(): typeof import('node:https') {
  return createRequire(import.meta.url)('node:https') as typeof import('node:https');
}

/** Options of {@link AdminServer}. */
export interface AdminServerOptions {
  /** The node to serve. */
  readonly node: AdminNode;
  /** How many times a `/v1/kv/` request may be forwarded before `508 Loop Detected`. */
  readonly hopLimit: number;
  /** Timeout of one forwarded request (ms). @default 5000 */
  readonly forwardTimeoutMs?: number;
  /** Called for every served request (metrics). */
  readonly onRequest?: (route: string, status: number) => void;
  /**
   * Interval of `: keep-alive` comments on `/v1/events` streams (ms), so that proxies keep idle
   * streams open and subscribers can tell a quiet cluster from a dead connection.
   * @default 15000 ({@link SSE_KEEP_ALIVE_MS})
   */
  readonly keepAliveMs?: number;
  /**
   * Bearer token that every state-changing request (`POST /v1/leave`, `PUT`/`DELETE /v1/kv/*`)
   * must carry as `Authorization: Bearer <token>`. @default none (no token needed)
   */
  readonly token?: string | undefined;
  /** More `Host` values to accept besides the bound address and loopback names (`name[:port]`). */
  readonly allowHosts?: readonly string[];
  /** Serve HTTPS with this PEM certificate and key (forwarded requests then use HTTPS too). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /** Bounds of the key-value store; see {@link KvLimits} for the defaults. */
  readonly kv?: Partial<KvLimits>;
  /**
   * Serves `/v1/explain/*` and `/v1/ring` (see `ExplainRoutes`); without it those answer 404. The
   * dashboard at `/ui` is served either way.
   */
  readonly explain?: ExplainNode;
  /** Folder of the dashboard's files. @default `ui/` in the `@ring/node` package root */
  readonly uiDir?: string;
}

/** Default interval of SSE keep-alive comments (ms). */
export const SSE_KEEP_ALIVE_MS = 15_000;

/**
 * The node's HTTP admin API:
 *
 * | route | |
 * |---|---|
 * | `GET /v1/members` | alive and suspect members with tags |
 * | `GET /v1/health` | status and Lifeguard health score (503 while leaving) |
 * | `GET /v1/lookup?key=K` | ring owner and partition owners of K |
 * | `GET /v1/partitions` | the partition table |
 * | `GET /v1/events` | Server-Sent Events: `snapshot` (all members), then `join`/`leave`/`update`/`suspect`/`alive` |
 * | `GET /metrics` | Prometheus text |
 * | `POST /v1/leave` | graceful leave, 202 |
 * | `POST /v1/events` | `--serf`: send a Serf user event `{"name","payload"}`, 202 |
 * | `GET/PUT/DELETE /v1/kv/K` | a tiny key-value store; a request for a key another member owns is proxied to it (hop limit, `508` beyond) |
 */
export class AdminServer {
  readonly #options: AdminServerOptions;
  readonly #server: Server;
  readonly #closing = new AbortController();
  readonly #kv: KvRoute;
  readonly #streams = new Set<Promise<void>>();
  /** One stop function per open event stream, called by close(). */
  readonly #stopStreams = new Set<() => void>();
  #guard: RequestGuard | undefined;
  #explainRoutes: ExplainRoutes | undefined;

  /**
   * @param options - node, hop limit, hooks.
   */
  constructor(options: AdminServerOptions) {
    this.#options = options;
    this.#kv = new KvRoute({
      node: options.node,
      store: new KvStore({
        maxKeys: options.kv?.maxKeys ?? DEFAULT_KV_MAX_KEYS,
        maxBytes: options.kv?.maxBytes ?? DEFAULT_KV_MAX_BYTES,
        maxValueBytes: options.kv?.maxValueBytes ?? DEFAULT_KV_MAX_VALUE_BYTES,
      }),
      hopLimit: options.hopLimit,
      maxValueBytes: options.kv?.maxValueBytes ?? DEFAULT_KV_MAX_VALUE_BYTES,
      forwardTimeoutMs: options.forwardTimeoutMs ?? 5000,
      tlsCa: options.tls?.cert,
    });
    const handler: RequestListener = (req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendError(
            res,
            500,
            'ERR_INTERNAL',
            error instanceof Error ? error.message : String(error),
          );
        else res.destroy();
      });
    };
    this.#server =
      options.tls === undefined
        ? createServer(handler)
        : httpsModule().createServer({ cert: options.tls.cert, key: options.tls.key }, handler);
  }

  /**
   * Listen on `host:port` (port 0 picks a free port).
   *
   * @param address - `host:port`.
   * @returns the bound address.
   */
  async listen(address: string): Promise<string> {
    const { host, port } = parseHostPort(address, '--http');
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const info = this.#server.address() as AddressInfo;
    const bound = formatHostPort(info.address, info.port);
    this.#guard = new RequestGuard({
      bound,
      scheme: this.#options.tls === undefined ? 'http' : 'https',
      allowHosts: this.#options.allowHosts ?? [],
      token: this.#options.token,
    });
    return bound;
  }

  /** Stop listening, end every event stream and close every connection. Idempotent. */
  async close(): Promise<void> {
    this.#closing.abort();
    for (const stop of this.#stopStreams) stop();
    // Let every event stream write its final chunk before connections are cut.
    await Promise.allSettled([...this.#streams]);
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://ring.invalid');
    const route =
      explainRouteLabel(url.pathname) ??
      (url.pathname.startsWith('/v1/kv/') ? '/v1/kv/' : url.pathname);
    res.on('finish', () => this.#options.onRequest?.(route, res.statusCode));
    const refusal = this.#guard?.check(req);
    if (refusal !== undefined) {
      if (refusal.status === 401) res.setHeader('www-authenticate', 'Bearer');
      sendError(res, refusal.status, refusal.code, refusal.message);
      return;
    }
    this.#explainRoutes ??= new ExplainRoutes(
      this.#options.explain,
      new UiAssets(this.#options.uiDir),
    );
    if (this.#explainRoutes.handle(req, res, url)) return;
    const method = req.method ?? 'GET';
    const node = this.#options.node;
    const only = (allowed: string): boolean => {
      if (method === allowed) return true;
      res.setHeader('allow', allowed);
      sendError(res, 405, 'ERR_METHOD', `${route} accepts ${allowed} only`);
      return false;
    };
    switch (route) {
      case '/v1/members': {
        if (!only('GET')) return;
        const members = node.members();
        sendJson(res, 200, { name: node.name, count: members.length, members });
        return;
      }
      case '/v1/health': {
        if (!only('GET')) return;
        const health = node.health();
        sendJson(res, health.status === 'alive' ? 200 : 503, health);
        return;
      }
      case '/v1/lookup': {
        if (!only('GET')) return;
        const key = url.searchParams.get('key');
        if (key === null || key === '') {
          sendError(res, 400, 'ERR_BAD_REQUEST', 'missing ?key=');
          return;
        }
        sendJson(res, 200, node.lookup(key));
        return;
      }
      case '/v1/partitions':
        if (only('GET')) sendJson(res, 200, node.partitions());
        return;
      case '/v1/events': {
        if (method === 'POST') {
          await this.#userEvent(req, res);
          return;
        }
        if (!only('GET')) return;
        const stream = this.#events(req, res);
        this.#streams.add(stream);
        try {
          await stream;
        } finally {
          this.#streams.delete(stream);
        }
        return;
      }
      case '/metrics': {
        if (!only('GET')) return;
        const text = node.metrics();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
        return;
      }
      case '/v1/leave':
        if (!only('POST')) return;
        sendJson(res, 202, { name: node.name, leaving: true });
        node.leave();
        return;
      case '/v1/kv/': {
        let key: string;
        try {
          key = decodeURIComponent(url.pathname.slice('/v1/kv/'.length));
        } catch {
          sendError(res, 400, 'ERR_BAD_REQUEST', 'malformed percent-encoding in the key');
          return;
        }
        await this.#kv.handle(req, res, key, method);
        return;
      }
      default:
        sendError(res, 404, 'ERR_NOT_FOUND', `no route ${url.pathname}`);
    }
  }

  async #events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    req.on('close', stop);
    // One entry per stream in a set (not a listener on a shared AbortSignal, which warns past 10).
    this.#stopStreams.add(stop);
    if (this.#closing.signal.aborted) stop();
    const { snapshot, changes } = this.#options.node.subscribe(ac.signal);
    startSse(res);
    res.write(formatSse('snapshot', { members: snapshot }));
    // Wall-clock timer: apps are the I/O shell, and this one only keeps a socket warm.
    const keepAlive = setInterval(
      () => res.write(': keep-alive\n\n'),
      this.#options.keepAliveMs ?? SSE_KEEP_ALIVE_MS,
    );
    keepAlive.unref();
    try {
      for await (const change of changes) {
        res.write(formatSse(change.type, change.member));
      }
    } finally {
      clearInterval(keepAlive);
      this.#stopStreams.delete(stop);
      req.off('close', stop);
    }
    res.end();
  }

  /** `POST /v1/events` with `{"name","payload"}`: a Serf user event (`--serf` only). */
  async #userEvent(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = this.#options.node.userEvent;
    if (send === undefined) {
      sendError(res, 404, 'ERR_NOT_SERF', 'POST /v1/events needs ring-node --serf');
      return;
    }
    const body = await readBody(req, 16 * 1024);
    let parsed: unknown;
    try {
      parsed = body === undefined ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const ev = parsed as { name?: unknown; payload?: unknown } | undefined;
    if (
      ev === undefined ||
      typeof ev.name !== 'string' ||
      ev.name === '' ||
      (ev.payload !== undefined && typeof ev.payload !== 'string')
    ) {
      sendError(res, 400, 'ERR_BAD_REQUEST', 'expected JSON {"name": string, "payload"?: string}');
      return;
    }
    try {
      await send(ev.name, new TextEncoder().encode(ev.payload ?? ''));
    } catch (error) {
      const code = isRingError(error) ? error.code : 'ERR_SERF';
      sendError(res, code === 'ERR_TOO_LARGE' ? 413 : 409, code, (error as Error).message);
      return;
    }
    sendJson(res, 202, { name: ev.name, sent: true });
  }
}
