// The explain routes and the dashboard's files behind the admin server: real HTTP on 127.0.0.1:0.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeNode } from '../testing/fake-node.js';
import { AdminServer } from './admin-server.js';
import type { ExplainNode, KeyExplainView, MemberExplainView, RingView } from './explain-api.js';
import { UI_FILES, UiAssets, packageRoot } from './ui-assets.js';

const servers: AdminServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An explain node that knows one member, `n1`, and answers keys with a fixed shape. */
class FakeExplain implements ExplainNode {
  readonly keys: string[] = [];
  explainMember(name: string): MemberExplainView | undefined {
    if (name !== 'n1') return undefined;
    return {
      name,
      local: true,
      now: 5,
      member: { address: '127.0.0.1:7946', state: 'alive', incarnation: 1, stateSince: 0 },
      suspicion: null,
      lastAck: null,
      probes: { acks: 0, failures: 0 },
      awareness: { score: 0, max: 7 },
      historySize: 32,
      dropped: 0,
      history: [],
      tags: {},
    };
  }
  explainKey(key: string): KeyExplainView {
    this.keys.push(key);
    return { key } as unknown as KeyExplainView;
  }
  ring(): RingView {
    return { algorithm: 'vnode', positions: 2 ** 32, checksum: 'c', nodes: [], arcs: [] };
  }
}

async function serve(explain: ExplainNode | null = new FakeExplain()) {
  const peers = new Map<string, FakeNode>();
  const node = new FakeNode('n1', peers, () => 'n1');
  peers.set('n1', node);
  const routes: [string, number][] = [];
  const server = new AdminServer({
    node,
    hopLimit: 3,
    ...(explain === null ? {} : { explain }),
    onRequest: (route, status) => routes.push([route, status]),
  });
  servers.push(server);
  const address = await server.listen('127.0.0.1:0');
  return { base: `http://${address}`, address, routes };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

function send(
  address: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const [host, port] = address.split(':') as [string, string];
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port: Number(port), path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('explain routes', () => {
  it('GET /v1/explain/member/:name: 200 for a known member, 404 ERR_UNKNOWN_MEMBER, 400 for an empty name', async () => {
    const { base } = await serve();
    const ok = await json(fetch(`${base}/v1/explain/member/n1`));
    expect(ok).toMatchObject({ name: 'n1', historySize: 32, member: { state: 'alive' } });
    const unknown = await fetch(`${base}/v1/explain/member/ghost`);
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe('ERR_UNKNOWN_MEMBER');
    const empty = await fetch(`${base}/v1/explain/member/`);
    expect(empty.status).toBe(400);
    expect((await json(empty)).error.code).toBe('ERR_BAD_REQUEST');
  });

  it('GET /v1/explain/key/:key decodes the key; empty → 400, malformed percent-encoding → 400, POST → 405', async () => {
    const explain = new FakeExplain();
    const { base, routes } = await serve(explain);
    expect(await json(fetch(`${base}/v1/explain/key/user%3A42%2Fx`))).toEqual({ key: 'user:42/x' });
    expect(explain.keys).toEqual(['user:42/x']);
    const empty = await fetch(`${base}/v1/explain/key/`);
    expect(empty.status).toBe(400);
    expect((await json(empty)).error.code).toBe('ERR_BAD_REQUEST');
    const bad = await fetch(`${base}/v1/explain/key/%E0%A4%A`);
    expect(bad.status).toBe(400);
    const post = await fetch(`${base}/v1/explain/key/a`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await json(post)).error.code).toBe('ERR_METHOD');
    expect(await json(fetch(`${base}/v1/ring`))).toMatchObject({ algorithm: 'vnode', arcs: [] });
    // Metrics labels stay bounded: keys and names are not part of the route label.
    expect(new Set(routes.map(([r]) => r))).toEqual(new Set(['/v1/explain/key/', '/v1/ring']));
  });

  it('without an explain node the explain routes answer 404 ERR_NOT_FOUND', async () => {
    const { base } = await serve(null);
    const res = await fetch(`${base}/v1/explain/member/n1`);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('ERR_NOT_FOUND');
  });
});

describe('dashboard files', () => {
  it('/ui redirects to /ui/; the page, script and stylesheet are served with a same-origin CSP; other names 404', async () => {
    const { base } = await serve();
    const redirect = await fetch(`${base}/ui`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/ui/');
    const page = await fetch(`${base}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toContain('/ui/dashboard.js');
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    const script = await fetch(`${base}/ui/dashboard.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('/v1/events');
    expect((await fetch(`${base}/ui/dashboard.css`)).status).toBe(200);
    for (const name of ['../package.json', '..%2Fpackage.json', 'nope.js', 'constructor'])
      expect((await fetch(`${base}/ui/${name}`)).status).toBe(404);
  });

  it('the dashboard sits behind the same Host and Origin guard as the API (403)', async () => {
    const { address } = await serve();
    const port = address.split(':')[1]!;
    const foreign = await send(address, '/ui/', { host: `evil.example:${port}` });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('ERR_FORBIDDEN_HOST');
    const origin = await send(address, '/v1/explain/member/n1', {
      host: address,
      origin: 'http://evil.example',
    });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error.code).toBe('ERR_FORBIDDEN_ORIGIN');
    const own = await send(address, '/ui/', { host: `localhost:${port}` });
    expect(own.status).toBe(200);
  });

  it('finds the ui folder from the package root, from src/ as from a dist/ build', () => {
    const root = packageRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(packageRoot(join(root, 'dist', 'http', 'ui-assets.js'))).toBe(root);
    const assets = new UiAssets();
    expect(assets.dir).toBe(join(root, 'ui'));
    for (const name of Object.keys(UI_FILES))
      expect(assets.get(name)!.body.length).toBeGreaterThan(0);
    expect(() => packageRoot('/')).toThrow(/no @ring\/node package.json/);
  });
});

describe('a broken install', () => {
  it('a missing ui folder fails only the dashboard (500), the API keeps serving', async () => {
    const peers = new Map<string, FakeNode>();
    const node = new FakeNode('n1', peers, () => 'n1');
    peers.set('n1', node);
    const server = new AdminServer({
      node,
      hopLimit: 3,
      explain: new FakeExplain(),
      uiDir: '/nonexistent/ui',
    });
    servers.push(server);
    const base = `http://${await server.listen('127.0.0.1:0')}`;
    const page = await fetch(`${base}/ui/`);
    expect(page.status).toBe(500);
    expect((await json(page)).error.code).toBe('ERR_INTERNAL');
    expect((await fetch(`${base}/v1/explain/member/n1`)).status).toBe(200);
    expect((await fetch(`${base}/v1/members`)).status).toBe(200);
  });
});
