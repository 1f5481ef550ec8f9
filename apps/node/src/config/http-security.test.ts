import { describe, expect, it } from 'vitest';
import { isRingError } from '@ring/transport';
import { loadConfig } from './node-config.js';
import type { ConfigSources, NodeConfig } from './node-config.js';

const TOKEN = 'secret-token-0123456789';

function load(argv: string[], over: Partial<ConfigSources> = {}): NodeConfig {
  const loaded = loadConfig({
    argv,
    env: {},
    readFile: (path) => {
      if (path === '/token') return `${TOKEN}\n`;
      if (path === '/cert' || path === '/key') return `PEM ${path}`;
      throw new Error('ENOENT');
    },
    hostname: 'host-a',
    ...over,
  });
  if (loaded.help) throw new Error('unexpected help');
  return loaded.config;
}

function failure(
  argv: string[],
  over: Partial<ConfigSources> = {},
): { code: string; message: string } {
  try {
    load(argv, over);
  } catch (error) {
    if (!isRingError(error)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('expected an error');
}

describe('admin API security options', () => {
  it('defaults: no token, loopback bind, documented kv bounds', () => {
    const { httpSecurity, http } = load([]);
    expect(http).toBe('127.0.0.1:7947');
    expect(httpSecurity).toEqual({
      token: undefined,
      allowHosts: [],
      insecure: false,
      tls: undefined,
      kvMaxKeys: 10_000,
      kvMaxBytes: 64 << 20,
    });
  });

  it('reads the token from the flag, RING_HTTP_TOKEN or a token file', () => {
    expect(load(['--http-token', TOKEN]).httpSecurity.token).toBe(TOKEN);
    expect(load([], { env: { RING_HTTP_TOKEN: TOKEN } }).httpSecurity.token).toBe(TOKEN);
    expect(load(['--http-token-file', '/token']).httpSecurity.token).toBe(TOKEN);
  });

  it('refuses a short token, both token sources, or an unreadable file — never echoing the token', () => {
    const short = failure(['--http-token', 'abc123']);
    expect(short.code).toBe('ERR_USAGE');
    expect(short.message).not.toContain('abc123');
    expect(failure(['--http-token', TOKEN, '--http-token-file', '/token']).message).not.toContain(
      TOKEN,
    );
    expect(failure(['--http-token-file', '/missing']).code).toBe('ERR_CONFIG_FILE');
  });

  it('refuses an admin API off loopback without a token unless --http-insecure', () => {
    const refused = failure(['--http', '0.0.0.0:7947']);
    expect(refused.code).toBe('ERR_USAGE');
    expect(refused.message).toContain('--http-token');
    expect(load(['--http', '0.0.0.0:7947', '--http-token', TOKEN]).http).toBe('0.0.0.0:7947');
    expect(load(['--http', '0.0.0.0:7947', '--http-insecure']).httpSecurity.insecure).toBe(true);
    expect(load(['--http', '127.0.0.5:7947']).http).toBe('127.0.0.5:7947');
  });

  it('TLS needs both files; kv bounds are validated', () => {
    expect(load(['--http-tls-cert', '/cert', '--http-tls-key', '/key']).httpSecurity.tls).toEqual({
      cert: 'PEM /cert',
      key: 'PEM /key',
    });
    expect(failure(['--http-tls-cert', '/cert']).code).toBe('ERR_USAGE');
    expect(failure(['--http-tls-cert', '/nope', '--http-tls-key', '/key']).code).toBe(
      'ERR_CONFIG_FILE',
    );
    expect(load(['--kv-max-keys', '5']).httpSecurity.kvMaxKeys).toBe(5);
    expect(failure(['--kv-max-keys', '0']).code).toBe('ERR_USAGE');
    expect(failure(['--kv-max-bytes', 'lots']).code).toBe('ERR_USAGE');
    expect(
      load(['--http-allow-host', 'ring.internal,10.0.0.1:80']).httpSecurity.allowHosts,
    ).toEqual(['ring.internal', '10.0.0.1:80']);
  });
});
