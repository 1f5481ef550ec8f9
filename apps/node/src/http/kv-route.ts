import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRingError } from '@ring/transport';
import { HOPS_HEADER, HTTP_TAG, SERVED_BY_HEADER } from '../constants.js';
import { parseHostPort } from '../config/host-port.js';
import { isLoopbackHost } from '../config/http-security.js';
import type { AdminNode, MemberView } from './admin-api.js';
import { forwardRequest, hopsOf } from './forward.js';
import { readBody, sendError } from './json-response.js';
import type { KvStore } from './kv-store.js';

const hostOf = (address: string): string => {
  try {
    return parseHostPort(address, 'address').host;
  } catch {
    return address;
  }
};

/** The HTTP address a member advertises in its `ring.http` tag, if any. */
export function httpAddressOf(member: MemberView): string | undefined {
  return member.tags[HTTP_TAG];
}

/** What {@link KvRoute} needs. */
export interface KvRouteOptions {
  readonly node: AdminNode;
  readonly store: KvStore;
  /** Most forwards a request may have made already. */
  readonly hopLimit: number;
  readonly maxValueBytes: number;
  readonly forwardTimeoutMs: number;
  /** CA (the node's own certificate) for forwarding over TLS. */
  readonly tlsCa: string | Buffer | undefined;
}

/**
 * The tiny key-value store's route: a request for a key this node owns is served from its store;
 * one for a key another member owns is proxied to that member (hop limit, `508` beyond).
 */
export class KvRoute {
  readonly #options: KvRouteOptions;

  /** @param options - node, store, limits. */
  constructor(options: KvRouteOptions) {
    this.#options = options;
  }

  /**
   * `GET/PUT/DELETE /v1/kv/<key>`.
   *
   * @param key - the decoded key.
   * @param method - the request method.
   */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    method: string,
  ): Promise<void> {
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
      const unreachable =
        target !== undefined &&
        isLoopbackHost(hostOf(target)) &&
        !isLoopbackHost(hostOf(owner.address));
      if (unreachable) {
        sendError(
          res,
          502,
          'ERR_FORWARD',
          `owner ${owner.name} of key '${key}' (at ${owner.address}) advertises a loopback-only admin API (${target}); start it with --http 0.0.0.0:PORT and --http-token, or --http-advertise`,
        );
        return;
      }
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
          timeoutMs: this.#options.forwardTimeoutMs,
          ...(this.#options.tlsCa === undefined ? {} : { tlsCa: this.#options.tlsCa }),
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
      const value = this.#options.store.get(key);
      if (value === undefined) sendError(res, 404, 'ERR_NOT_FOUND', `no value for key '${key}'`);
      else {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': value.length,
        });
        res.end(value);
      }
    } else if (method === 'PUT') {
      const limit = this.#options.maxValueBytes;
      const body = await readBody(req, limit);
      const refusal =
        body === undefined
          ? { code: 'ERR_TOO_LARGE', message: `values are limited to ${limit} bytes` }
          : this.#options.store.set(key, body);
      if (refusal === undefined) res.writeHead(204).end();
      else
        sendError(res, refusal.code === 'ERR_KV_FULL' ? 507 : 413, refusal.code, refusal.message);
    } else {
      this.#options.store.delete(key);
      res.writeHead(204).end();
    }
  }
}
