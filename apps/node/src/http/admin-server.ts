import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRingError } from '@ring/transport';
import { HOPS_HEADER, HTTP_TAG, SERVED_BY_HEADER } from '../constants.js';
import { formatHostPort, parseHostPort } from '../config/host-port.js';
import type { AdminNode, MemberView } from './admin-api.js';
import { forwardRequest, hopsOf } from './forward.js';
import { formatSse, startSse } from './sse.js';

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
}

/** Default interval of SSE keep-alive comments (ms). */
export const SSE_KEEP_ALIVE_MS = 15_000;

const MAX_BODY_BYTES = 1 << 20;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The HTTP address a member advertises in its `ring.http` tag, if any. */
export function httpAddressOf(member: MemberView): string | undefined {
  return member.tags[HTTP_TAG];
}

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
 * | `GET/PUT/DELETE /v1/kv/K` | a tiny key-value store; a request for a key another member owns is proxied to it (hop limit, `508` beyond) |
 */
export class AdminServer {
  readonly #options: AdminServerOptions;
  readonly #server: Server;
  readonly #closing = new AbortController();
  readonly #store = new Map<string, Buffer>();
  readonly #streams = new Set<Promise<void>>();

  /**
   * @param options - node, hop limit, hooks.
   */
  constructor(options: AdminServerOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => {
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
    });
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
    const bound = this.#server.address() as AddressInfo;
    return formatHostPort(bound.address, bound.port);
  }

  /** Stop listening, end every event stream and close every connection. Idempotent. */
  async close(): Promise<void> {
    this.#closing.abort();
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
    const route = url.pathname.startsWith('/v1/kv/') ? '/v1/kv/' : url.pathname;
    res.on('finish', () => this.#options.onRequest?.(route, res.statusCode));
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
      case '/v1/kv/':
        await this.#kv(req, res, decodeURIComponent(url.pathname.slice('/v1/kv/'.length)), method);
        return;
      default:
        sendError(res, 404, 'ERR_NOT_FOUND', `no route ${url.pathname}`);
    }
  }

  async #events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    req.on('close', stop);
    this.#closing.signal.addEventListener('abort', stop, { once: true });
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
      this.#closing.signal.removeEventListener('abort', stop);
    }
    res.end();
  }

  async #kv(req: IncomingMessage, res: ServerResponse, key: string, method: string): Promise<void> {
    if (key === '') {
      sendError(res, 400, 'ERR_BAD_REQUEST', 'missing key in /v1/kv/<key>');
      return;
    }
    if (method !== 'GET' && method !== 'PUT' && method !== 'DELETE') {
      res.setHeader('allow', 'GET, PUT, DELETE');
      sendError(res, 405, 'ERR_METHOD', '/v1/kv/<key> accepts GET, PUT and DELETE');
      return;
    }
    const node = this.#options.node;
    let hops: number;
    try {
      hops = hopsOf(req);
    } catch (error) {
      sendError(res, 400, 'ERR_BAD_REQUEST', (error as Error).message);
      return;
    }
    const { owner } = node.lookup(key);
    if (owner === null) {
      sendError(res, 503, 'ERR_NO_OWNER', `no member owns key '${key}'`);
      return;
    }
    if (owner.name !== node.name) {
      if (hops >= this.#options.hopLimit) {
        sendError(
          res,
          508,
          'ERR_HOP_LIMIT',
          `key '${key}' belongs to ${owner.name}, but the request already made ${hops} hop(s) (limit ${this.#options.hopLimit})`,
        );
        return;
      }
      const target = httpAddressOf(owner);
      if (target === undefined) {
        sendError(
          res,
          502,
          'ERR_FORWARD',
          `owner ${owner.name} of key '${key}' advertises no HTTP address (tag ${HTTP_TAG})`,
        );
        return;
      }
      try {
        await forwardRequest(req, res, {
          target,
          hops: hops + 1,
          via: node.name,
          timeoutMs: this.#options.forwardTimeoutMs ?? 5000,
        });
      } catch (error) {
        if (!res.headersSent)
          sendError(
            res,
            502,
            isRingError(error) ? error.code : 'ERR_FORWARD',
            (error as Error).message,
          );
      }
      return;
    }
    res.setHeader(SERVED_BY_HEADER, node.name);
    res.setHeader(HOPS_HEADER, String(hops));
    if (method === 'GET') {
      const value = this.#store.get(key);
      if (value === undefined) sendError(res, 404, 'ERR_NOT_FOUND', `no value for key '${key}'`);
      else {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': value.length,
        });
        res.end(value);
      }
    } else if (method === 'PUT') {
      const body = await readBody(req);
      if (body === undefined)
        sendError(res, 413, 'ERR_TOO_LARGE', `values are limited to ${MAX_BODY_BYTES} bytes`);
      else {
        this.#store.set(key, body);
        res.writeHead(204).end();
      }
    } else {
      this.#store.delete(key);
      res.writeHead(204).end();
    }
  }
}
