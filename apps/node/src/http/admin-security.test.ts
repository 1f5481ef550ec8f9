// Abuse cases of the admin API: each asserts the status and typed code, and that the node still
// serves afterwards. Real HTTP(S) servers on 127.0.0.1, port 0.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeNode } from '../testing/fake-node.js';
import { AdminServer } from './admin-server.js';
import type { AdminServerOptions } from './admin-server.js';
import { SseParser } from '@ring/demo-kit/sse';

const servers: AdminServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Omit<AdminServerOptions, 'node' | 'hopLimit'> = {}) {
  const peers = new Map<string, FakeNode>();
  const node = new FakeNode('n1', peers, () => 'n1');
  peers.set('n1', node);
  const server = new AdminServer({ node, hopLimit: 3, ...options });
  servers.push(server);
  node.httpAddress = await server.listen('127.0.0.1:0');
  return { node, address: node.httpAddress, port: Number(node.httpAddress.split(':')[1]) };
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request with full control of the headers (fetch forbids setting Host and Origin). */
function send(
  address: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  tls?: { ca: string },
): Promise<Reply> {
  const [host, port] = address.split(':') as [string, string];
  const options = { host, port: Number(port), method, path, headers, agent: false as const };
  return new Promise((resolve, reject) => {
    const req =
      tls === undefined
        ? httpRequest(options)
        : httpsRequest({ ...options, ca: tls.ca, servername: undefined });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const codeOf = (reply: Reply): unknown =>
  (JSON.parse(reply.body) as { error?: { code?: string } }).error?.code;

async function stillServes(address: string, tls?: { ca: string }): Promise<void> {
  const health = await send(address, 'GET', '/v1/health', {}, undefined, tls);
  expect(health.status).toBe(200);
}

describe('admin API: cross-site requests and DNS rebinding', () => {
  it('refuses a text/plain POST /v1/leave from a foreign Origin with 403, and does not leave', async () => {
    const { node, address } = await serve();
    const reply = await send(address, 'POST', '/v1/leave', {
      origin: 'http://evil.example',
      'content-type': 'text/plain',
    });
    expect(reply.status).toBe(403);
    expect(codeOf(reply)).toBe('ERR_FORBIDDEN_ORIGIN');
    expect(node.leaves).toBe(0);
    await stillServes(address);
  });

  it('refuses a foreign Host on every route (DNS rebinding) with 403', async () => {
    const { address, port } = await serve();
    for (const path of ['/v1/members', '/v1/health', '/metrics', '/v1/events', '/v1/kv/a']) {
      const reply = await send(address, 'GET', path, { host: `evil.example:${port}` });
      expect(reply.status, path).toBe(403);
      expect(codeOf(reply), path).toBe('ERR_FORBIDDEN_HOST');
    }
    await stillServes(address);
  });

  it('accepts its own origin, localhost and configured hosts', async () => {
    const { address, port } = await serve({ allowHosts: ['ring.internal'] });
    const own = await send(address, 'PUT', '/v1/kv/k', { origin: `http://${address}` }, 'v');
    expect(own.status).toBe(204);
    const local = await send(address, 'GET', '/v1/members', { host: `localhost:${port}` });
    expect(local.status).toBe(200);
    const named = await send(address, 'GET', '/v1/members', { host: 'ring.internal:8443' });
    expect(named.status).toBe(200);
    const otherScheme = await send(address, 'GET', '/v1/members', { origin: `https://${address}` });
    expect(otherScheme.status).toBe(403);
    expect((await send(address, 'GET', '/v1/members', { origin: 'null' })).status).toBe(403);
  });
});

describe('admin API: bearer token', () => {
  const token = 'a-test-token-0123456789';

  it('state-changing routes need the token; reads do not; errors never echo it', async () => {
    const { node, address } = await serve({ token });
    const none = await send(address, 'POST', '/v1/leave');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(codeOf(none)).toBe('ERR_UNAUTHORIZED');
    const wrong = await send(address, 'PUT', '/v1/kv/k', { authorization: 'Bearer nope' }, 'v');
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain(token);
    expect((await send(address, 'DELETE', '/v1/kv/k')).status).toBe(401);
    expect(node.leaves).toBe(0);
    expect((await send(address, 'GET', '/v1/members')).status).toBe(200);
    const put = await send(address, 'PUT', '/v1/kv/k', { authorization: `Bearer ${token}` }, 'v');
    expect(put.status).toBe(204);
    const leave = await send(address, 'POST', '/v1/leave', { authorization: `Bearer ${token}` });
    expect(leave.status).toBe(202);
    expect(node.leaves).toBe(1);
  });
});

describe('admin API: bounded key-value store', () => {
  it('refuses keys past the count limit with 507 ERR_KV_FULL, keeping what it holds', async () => {
    const { address } = await serve({ kv: { maxKeys: 2 } });
    expect((await send(address, 'PUT', '/v1/kv/a', {}, 'one')).status).toBe(204);
    expect((await send(address, 'PUT', '/v1/kv/b', {}, 'two')).status).toBe(204);
    const third = await send(address, 'PUT', '/v1/kv/c', {}, 'three');
    expect(third.status).toBe(507);
    expect(codeOf(third)).toBe('ERR_KV_FULL');
    expect((await send(address, 'GET', '/v1/kv/c')).status).toBe(404);
    // Replacing an existing key is not a new key.
    expect((await send(address, 'PUT', '/v1/kv/a', {}, 'uno')).status).toBe(204);
    expect((await send(address, 'GET', '/v1/kv/a')).body).toBe('uno');
    expect((await send(address, 'DELETE', '/v1/kv/b')).status).toBe(204);
    expect((await send(address, 'PUT', '/v1/kv/c', {}, 'three')).status).toBe(204);
  });

  it('bounds total bytes (507) and single values (413); nothing half-written', async () => {
    const { address } = await serve({ kv: { maxBytes: 2048, maxValueBytes: 1500 } });
    expect((await send(address, 'PUT', '/v1/kv/a', {}, Buffer.alloc(1000, 1))).status).toBe(204);
    const tooMuch = await send(address, 'PUT', '/v1/kv/b', {}, Buffer.alloc(1100, 2));
    expect(tooMuch.status).toBe(507);
    expect(codeOf(tooMuch)).toBe('ERR_KV_FULL');
    expect((await send(address, 'GET', '/v1/kv/b')).status).toBe(404);
    const tooLarge = await send(address, 'PUT', '/v1/kv/a', {}, Buffer.alloc(1600, 3));
    expect(tooLarge.status).toBe(413);
    expect(codeOf(tooLarge)).toBe('ERR_TOO_LARGE');
    expect((await send(address, 'GET', '/v1/kv/a')).body.length).toBe(1000);
  });

  it('answers malformed percent-encoding with 400, not 500', async () => {
    const { address } = await serve();
    const reply = await send(address, 'GET', '/v1/kv/%ZZ');
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toBe('ERR_BAD_REQUEST');
    await stillServes(address);
  });
});

describe('admin API: multi-host forwarding', () => {
  it('answers 502 naming the fix when the owner advertises loopback to a cluster off loopback', async () => {
    const peers = new Map<string, FakeNode>();
    const self = new FakeNode('n1', peers, () => 'n2');
    const owner = new FakeNode('n2', peers, () => 'n2');
    peers.set('n1', self).set('n2', owner);
    owner.address = '10.1.2.3:7946';
    owner.httpAddress = '127.0.0.1:7947';
    const server = new AdminServer({ node: self, hopLimit: 3 });
    servers.push(server);
    self.httpAddress = await server.listen('127.0.0.1:0');
    const reply = await send(self.httpAddress, 'GET', '/v1/kv/some-key');
    expect(reply.status).toBe(502);
    expect(codeOf(reply)).toBe('ERR_FORWARD');
    expect(reply.body).toContain('loopback-only admin API');
  });
});

describe('admin API: many event streams', () => {
  it('serves 1,000 concurrent SSE clients: no warning, all get the event, none left open', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { node, address } = await serve();
      const [host, port] = address.split(':') as [string, string];
      const clients = 1000;
      const opened: Promise<void>[] = [];
      const joined: Promise<string>[] = [];
      for (let i = 0; i < clients; i++) {
        let ready!: () => void;
        opened.push(new Promise<void>((r) => (ready = r)));
        joined.push(
          new Promise<string>((resolve, reject) => {
            const req = httpRequest({ host, port: Number(port), path: '/v1/events', agent: false });
            req.on('response', (res) => {
              const parser = new SseParser();
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                for (const e of parser.push(chunk)) {
                  if (e.event === 'snapshot') ready();
                  if (e.event === 'join') {
                    resolve(e.data);
                    res.destroy();
                  }
                }
              });
            });
            req.on('error', reject);
            req.end();
          }),
        );
      }
      await Promise.all(opened);
      expect(node.feeds.length).toBe(clients);
      for (const feed of node.feeds) feed.push({ type: 'join', member: node.view() });
      const got = await Promise.all(joined);
      expect(got.filter((d) => d.includes('"n1"')).length).toBe(clients);
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => w.name)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }, 60_000);
});

describe('admin API over TLS', () => {
  it('serves HTTPS with a certificate made here, and still enforces the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ring-tls-'));
    try {
      const keyFile = join(dir, 'key.pem');
      const certFile = join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const cert = readFileSync(certFile, 'utf8');
      const key = readFileSync(keyFile, 'utf8');
      const token = 'tls-token-0123456789abcdef';
      const { address } = await serve({ tls: { cert, key }, token });
      const tls = { ca: cert };
      await stillServes(address, tls);
      expect((await send(address, 'POST', '/v1/leave', {}, undefined, tls)).status).toBe(401);
      const ok = await send(
        address,
        'PUT',
        '/v1/kv/k',
        { authorization: `Bearer ${token}` },
        'v',
        tls,
      );
      expect(ok.status).toBe(204);
      // Plain HTTP to the TLS port gets no HTTP answer.
      await expect(send(address, 'GET', '/v1/health')).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
