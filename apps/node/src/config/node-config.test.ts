import { describe, expect, it } from 'vitest';
import { isRingError } from '@ring/transport';
import { loadConfig } from './node-config.js';
import type { ConfigSources, NodeConfig } from './node-config.js';

const KEY16 = Buffer.alloc(16, 7).toString('base64');
const KEY32 = Buffer.alloc(32, 9).toString('base64');

function sources(over: Partial<ConfigSources> = {}): ConfigSources {
  return {
    argv: [],
    env: {},
    readFile: () => {
      throw new Error('ENOENT');
    },
    hostname: 'host-a',
    ...over,
  };
}

function load(over: Partial<ConfigSources> = {}): NodeConfig {
  const loaded = loadConfig(sources(over));
  if (loaded.help) throw new Error('unexpected help');
  return loaded.config;
}

function usageError(over: Partial<ConfigSources>): string {
  try {
    load(over);
  } catch (error) {
    expect(isRingError(error)).toBe(true);
    expect((error as { code: string }).code).toMatch(/^ERR_(USAGE|CONFIG_FILE)$/);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = load();
    expect(c).toMatchObject({
      name: 'host-a',
      bind: '0.0.0.0:7946',
      advertise: undefined,
      join: [],
      preset: 'lan',
      transport: 'udp',
      label: undefined,
      keys: [],
      tags: {},
      partitions: 64,
      redundancy: 1,
      watchTags: {},
      http: '127.0.0.1:7947',
      hopLimit: 3,
      leaveTimeoutMs: 5000,
      logLevel: 'info',
      json: false,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every flag, repeatable and comma-separated lists, and defaults the join port', () => {
    const c = load({
      argv: [
        '--name',
        'n1',
        '--bind',
        '127.0.0.1:0',
        '--advertise',
        '[::1]:7000',
        '--join',
        'a.local,10.0.0.2:8000',
        '--join',
        '[fe80::1]:7946',
        '--preset',
        'wan',
        '--transport',
        'tcp',
        '--label',
        'prod',
        '--key',
        KEY16,
        '--tags',
        'role=web,zone=eu',
        '--tags',
        'x=a=b',
        '--partitions',
        '128',
        '--redundancy',
        '2',
        '--watch-tag',
        'role=^web$',
        '--http',
        'off',
        '--hop-limit',
        '0',
        '--leave-timeout-ms',
        '250',
        '--log-level',
        'debug',
        '--json',
      ],
    });
    expect(c.name).toBe('n1');
    expect(c.bind).toBe('127.0.0.1:0');
    expect(c.advertise).toBe('[::1]:7000');
    expect(c.join).toEqual(['a.local:7946', '10.0.0.2:8000', '[fe80::1]:7946']);
    expect(c.preset).toBe('wan');
    expect(c.transport).toBe('tcp');
    expect(c.label).toBe('prod');
    expect(c.keys.map((k) => k.length)).toEqual([16]);
    expect(c.tags).toEqual({ role: 'web', zone: 'eu', x: 'a=b' });
    expect([c.partitions, c.redundancy, c.hopLimit, c.leaveTimeoutMs]).toEqual([128, 2, 0, 250]);
    expect(c.watchTags.role?.test('web')).toBe(true);
    expect(c.watchTags.role?.test('webx')).toBe(false);
    expect(c.http).toBeUndefined();
    expect(c.logLevel).toBe('debug');
    expect(c.json).toBe(true);
  });

  it('merges config file < environment < command line', () => {
    const files: Record<string, string> = {
      '/etc/ring.json': JSON.stringify({
        name: 'from-file',
        bind: '0.0.0.0:1000',
        join: ['f:1'],
        tags: { role: 'db' },
        partitions: 32,
        json: true,
      }),
    };
    const c = load({
      argv: ['--bind', '127.0.0.1:3000'],
      env: {
        RING_CONFIG: '/etc/ring.json',
        RING_BIND: '127.0.0.1:2000',
        RING_JOIN: 'e1:1,e2:2',
        RING_JSON: '0',
        OTHER: 'x',
      },
      readFile: (p) =>
        files[p] ??
        (() => {
          throw new Error(`ENOENT ${p}`);
        })(),
    });
    expect(c.name).toBe('from-file');
    expect(c.bind).toBe('127.0.0.1:3000');
    expect(c.join).toEqual(['e1:1', 'e2:2']);
    expect(c.tags).toEqual({ role: 'db' });
    expect(c.partitions).toBe(32);
    expect(c.json).toBe(false);
  });

  it('reads a keyring file, primary key first', () => {
    const c = load({ argv: ['--keyring', '/k'], readFile: () => JSON.stringify([KEY32, KEY16]) });
    expect(c.keys.map((k) => k.length)).toEqual([32, 16]);
    expect(c.keys[0]![0]).toBe(9);
  });

  it('returns help without validating anything else', () => {
    expect(loadConfig(sources({ argv: ['--help', '--partitions', 'x'] }))).toEqual({
      help: true,
      topic: 'usage',
    });
    expect(loadConfig(sources({ argv: ['--version'] }))).toEqual({ help: true, topic: 'version' });
  });

  it('--bind must be an IP address; --members is 1..1000', () => {
    expect(() => load({ argv: ['--bind', 'seed.local:7946'] })).toThrow(
      /--bind: 'seed.local:7946' must be an IP address/,
    );
    expect(() => load({ argv: ['--bind', '999.1.1.1:7946'] })).toThrow(/not a valid IPv4/);
    expect(load({ argv: [] }).members).toBe(1);
    expect(load({ argv: ['--members', '100'] }).members).toBe(100);
    for (const bad of ['0', '1001', 'x', '2.5'])
      expect(() => load({ argv: ['--members', bad] })).toThrow(/--members/);
  });

  it.each([
    [['--bogus'], /bogus/],
    [['extra'], /positional|extra/i],
    [['--bind'], /bind/],
    [['--bind', 'nohost'], /--bind: invalid address 'nohost' \(missing port\)/],
    [['--bind', '1.2.3.4:99999'], /port must be 0-65535/],
    [['--bind', '::1:7946'], /brackets/],
    [['--join', 'a:b'], /--join.*port must be a number/],
    [
      ['--preset', 'fast'],
      /--preset: expected one of lan, wan, local, got 'fast' \(from command line\)/,
    ],
    [['--transport', 'quic'], /--transport/],
    [
      ['--key', 'c2hvcnQ='],
      /16, 24 or 32 bytes of base64 \(got 8 characters decoding to 5 bytes\)/,
    ],
    [['--key', KEY16, '--keyring', '/k'], /mutually exclusive/],
    [['--tags', 'novalue'], /--tags: expected key=value/],
    [
      ['--tags', `big=${'x'.repeat(500)}`],
      /--tags: the tags take \d+ bytes of node metadata .* the limit is 512/,
    ],
    [['--partitions', '0'], /--partitions: expected an integer from 1 to 65536, got '0'/],
    [['--partitions', '1.5'], /--partitions/],
    [['--redundancy', '-1'], /--redundancy/],
    [['--partitions', '2', '--redundancy', '3'], /needs at least 3 partitions/],
    [['--watch-tag', 'role=(unclosed'], /invalid regular expression/],
    [['--log-level', 'loud'], /--log-level/],
    [['--http', 'localhost'], /--http/],
    [['--name', ''], /--name/],
  ])('rejects %j with a clear usage error', (argv, message) => {
    expect(usageError({ argv })).toMatch(message);
  });

  it('names the environment variable or file a bad value came from', () => {
    expect(usageError({ env: { RING_PARTITIONS: 'many' } })).toMatch(/from environment/);
    expect(usageError({ env: { RING_JSON: 'maybe' } })).toMatch(
      /RING_JSON: expected true or false/,
    );
    expect(usageError({ argv: ['--config', '/c'], readFile: () => '{"partitons": 3}' })).toMatch(
      /unknown key "partitons"/,
    );
    expect(usageError({ argv: ['--config', '/c'], readFile: () => '{"json": "yes"}' })).toMatch(
      /"json": expected true or false/,
    );
    expect(usageError({ argv: ['--config', '/c'], readFile: () => '[1]' })).toMatch(
      /expected a JSON object/,
    );
    expect(usageError({ argv: ['--config', '/c'], readFile: () => '{' })).toMatch(/not valid JSON/);
    expect(usageError({ argv: ['--config', '/missing'] })).toMatch(/cannot read \/missing/);
    expect(usageError({ argv: ['--keyring', '/k'], readFile: () => '["bad"]' })).toMatch(
      /--keyring \/k\[0\]/,
    );
    expect(usageError({ argv: ['--keyring', '/k'], readFile: () => '[]' })).toMatch(
      /non-empty JSON array/,
    );
  });
});
