import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import { formatHostPort, parseHostPort } from '../config/host-port.js';

/** What {@link RequestGuard} checks every request against. */
export interface RequestGuardOptions {
  /** The address the API is bound to, `host:port` (after listen, so the real port). */
  readonly bound: string;
  /** `http` or `https`: the scheme of the API's own origin. */
  readonly scheme: 'http' | 'https';
  /**
   * More `Host` values to accept: `name` (any port) or `name:port`, e.g. the host name operators
   * use or a reverse proxy's. The bound address, `localhost`, `127.0.0.1` and `[::1]` (with the
   * bound port) are always accepted; with a wildcard bind every local interface address is too.
   */
  readonly allowHosts?: readonly string[];
  /** Bearer token that state-changing routes require; `undefined` = no token configured. */
  readonly token?: string | undefined;
}

/** A refused request: the status and typed error to answer with. */
export interface GuardRefusal {
  /** 401 (token missing or wrong) or 403 (foreign `Host` or `Origin`). */
  readonly status: 401 | 403;
  /** `ERR_FORBIDDEN_HOST`, `ERR_FORBIDDEN_ORIGIN` or `ERR_UNAUTHORIZED`. */
  readonly code: 'ERR_FORBIDDEN_HOST' | 'ERR_FORBIDDEN_ORIGIN' | 'ERR_UNAUTHORIZED';
  /** One line for the client (never contains the token). */
  readonly message: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * `node:crypto`, loaded only when a token is configured: it costs every process 2 MB of RSS, which
 * a node without a token should not pay.
 */
const nodeCrypto = (): typeof import('node:crypto') =>
  createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

const digest = (text: string): Buffer => nodeCrypto().createHash('sha256').update(text).digest();

/**
 * Decides, before any route runs, whether a request may be served. It closes the two holes a
 * loopback admin API has against the web pages its operator opens: DNS rebinding (a foreign `Host`
 * is refused on every route) and cross-site requests (a foreign `Origin` is refused on every
 * route, so a `text/plain` POST from `http://evil.example` cannot make the node leave). When a
 * token is configured, every state-changing method also needs `Authorization: Bearer <token>`.
 */
export class RequestGuard {
  readonly #hosts = new Set<string>();
  readonly #anyPortHosts = new Set<string>();
  readonly #scheme: string;
  readonly #token: Buffer | undefined;

  /** @param options - bound address, scheme, extra hosts and token. */
  constructor(options: RequestGuardOptions) {
    const { host, port } = parseHostPort(options.bound, '--http');
    this.#scheme = options.scheme;
    const names = ['localhost', '127.0.0.1', '::1'];
    if (WILDCARDS.has(host)) {
      for (const list of Object.values(networkInterfaces()))
        for (const info of list ?? []) names.push(info.address);
    } else names.push(host);
    for (const name of names) this.#hosts.add(formatHostPort(name, port).toLowerCase());
    for (const entry of options.allowHosts ?? []) {
      const text = entry.trim().toLowerCase();
      if (/^(\[[^\]]+\]|[^:]+):\d+$/.test(text)) this.#hosts.add(text);
      else this.#anyPortHosts.add(text.replace(/^\[|\]$/g, ''));
    }
    this.#token = options.token === undefined ? undefined : digest(options.token);
  }

  /** Whether `hostHeader` (`name[:port]`) names this API. */
  allowsHost(hostHeader: string): boolean {
    const text = hostHeader.trim().toLowerCase();
    if (this.#hosts.has(text)) return true;
    const name = text.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return this.#anyPortHosts.has(name);
  }

  /**
   * Check one request.
   *
   * @param req - the incoming request (its headers only).
   * @returns `undefined` when it may be served, else the refusal to answer with.
   */
  check(req: IncomingMessage): GuardRefusal | undefined {
    const host = req.headers.host;
    if (host === undefined || !this.allowsHost(host)) {
      return {
        status: 403,
        code: 'ERR_FORBIDDEN_HOST',
        message: `Host ${JSON.stringify(host ?? '')} is not this API's address (see --http-allow-host)`,
      };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.#allowsOrigin(origin)) {
      return {
        status: 403,
        code: 'ERR_FORBIDDEN_ORIGIN',
        message: `cross-origin requests are refused (Origin ${JSON.stringify(origin)})`,
      };
    }
    if (this.#token !== undefined && !SAFE_METHODS.has(req.method ?? 'GET')) {
      const auth = req.headers.authorization ?? '';
      const match = /^Bearer (.+)$/i.exec(auth);
      if (match === null || !nodeCrypto().timingSafeEqual(digest(match[1] ?? ''), this.#token)) {
        return {
          status: 401,
          code: 'ERR_UNAUTHORIZED',
          message: `${req.method ?? ''} needs the admin token: Authorization: Bearer <token>`,
        };
      }
    }
    return undefined;
  }

  #allowsOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    return url.protocol === `${this.#scheme}:` && this.allowsHost(url.host);
  }
}
