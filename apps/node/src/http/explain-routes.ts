import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExplainNode } from './explain-api.js';
import { UiAssets } from './ui-assets.js';
import { sendError, sendJson } from './json-response.js';

/**
 * The routes of the explain API and the dashboard, registered in one place:
 *
 * | route | |
 * |---|---|
 * | `GET /v1/explain/member/:name` | why a member is in its state (404 `ERR_UNKNOWN_MEMBER`) |
 * | `GET /v1/explain/key/:key` | why a key belongs to its owners (400 `ERR_BAD_REQUEST` when empty) |
 * | `GET /v1/ring` | the consistent-hash ring as arcs |
 * | `GET /ui` | the live dashboard (static files shipped in the package's `ui/` folder) |
 *
 * They run behind the admin server's request guard like every other route.
 */

const MEMBER_PREFIX = '/v1/explain/member/';
const KEY_PREFIX = '/v1/explain/key/';

/** Security headers of the dashboard's files: nothing but this origin, no framing, no sniffing. */
const UI_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
} as const;

/**
 * The metrics label of a path handled here (bounded: names and keys are not part of it), or
 * undefined for paths of other routes.
 *
 * @param pathname - the request path.
 */
export function explainRouteLabel(pathname: string): string | undefined {
  if (pathname.startsWith(MEMBER_PREFIX)) return MEMBER_PREFIX;
  if (pathname.startsWith(KEY_PREFIX)) return KEY_PREFIX;
  if (pathname === '/v1/ring') return pathname;
  if (pathname === '/ui' || pathname.startsWith('/ui/')) return '/ui';
  return undefined;
}

/** Serves the routes above. */
export class ExplainRoutes {
  readonly #node: ExplainNode | undefined;
  readonly #assets: UiAssets;

  /**
   * @param node - the node to explain; without one the explain routes answer 404 (the dashboard
   *   is still served).
   * @param assets - where the dashboard's files come from. @default the package's `ui/` folder
   */
  constructor(node: ExplainNode | undefined, assets: UiAssets = new UiAssets()) {
    this.#node = node;
    this.#assets = assets;
  }

  /**
   * Answer `req` if its path is one of these routes.
   *
   * @param req - the request (already passed the guard).
   * @param res - the response.
   * @param url - the parsed request URL.
   * @returns true when answered, false when the path belongs to another route.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const route = explainRouteLabel(url.pathname);
    if (route === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET');
      sendError(res, 405, 'ERR_METHOD', `${route} accepts GET only`);
      return true;
    }
    if (route === '/ui') {
      this.#ui(res, url.pathname);
      return true;
    }
    const node = this.#node;
    if (node === undefined) {
      sendError(res, 404, 'ERR_NOT_FOUND', `no route ${url.pathname}`);
      return true;
    }
    if (route === '/v1/ring') {
      sendJson(res, 200, node.ring());
      return true;
    }
    let arg: string;
    try {
      arg = decodeURIComponent(url.pathname.slice(route.length));
    } catch {
      sendError(res, 400, 'ERR_BAD_REQUEST', 'malformed percent-encoding in the path');
      return true;
    }
    if (route === MEMBER_PREFIX) {
      if (arg === '') {
        sendError(res, 400, 'ERR_BAD_REQUEST', 'missing member name in /v1/explain/member/<name>');
        return true;
      }
      const explanation = node.explainMember(arg);
      if (explanation === undefined)
        sendError(res, 404, 'ERR_UNKNOWN_MEMBER', `no member named '${arg}' is known here`);
      else sendJson(res, 200, explanation);
      return true;
    }
    if (arg === '') {
      sendError(res, 400, 'ERR_BAD_REQUEST', 'missing key in /v1/explain/key/<key>');
      return true;
    }
    sendJson(res, 200, node.explainKey(arg));
    return true;
  }

  #ui(res: ServerResponse, pathname: string): void {
    if (pathname === '/ui') {
      // Relative links in the page resolve under /ui/.
      res.writeHead(308, { location: '/ui/', 'content-length': 0 });
      res.end();
      return;
    }
    const asset = this.#assets.get(pathname.slice('/ui/'.length));
    if (asset === undefined) {
      sendError(res, 404, 'ERR_NOT_FOUND', `no dashboard file ${pathname}`);
      return;
    }
    res.writeHead(200, {
      ...UI_HEADERS,
      'content-type': asset.contentType,
      'content-length': asset.body.length,
    });
    res.end(asset.body);
  }
}
