import { describe, expect, it } from 'vitest';
import { memberConfig } from './member-configs.js';
import { loadConfig } from './node-config.js';
import type { NodeConfig } from './node-config.js';

function config(argv: string[]): NodeConfig {
  const loaded = loadConfig({ argv, env: {}, readFile: () => '', hostname: 'h' });
  if (loaded.help) throw new Error('help');
  return loaded.config;
}

describe('memberConfig', () => {
  it('returns the config itself for a single member', () => {
    const c = config(['--name', 'a']);
    expect(memberConfig(c, 1)).toBe(c);
  });

  it('names members NAME-i and shifts gossip, advertise and HTTP ports; 2..K join member 1', () => {
    const c = config([
      '--name',
      'n',
      '--members',
      '3',
      '--bind',
      '127.0.0.1:7000',
      '--http',
      '127.0.0.1:8000',
      '--advertise',
      '10.0.0.1:7000',
      '--join',
      'seed:7946',
    ]);
    const m1 = memberConfig(c, 1);
    const m3 = memberConfig(c, 3, '10.0.0.1:7000');
    expect([m1.name, m1.bind, m1.http, m1.advertise, m1.join]).toEqual([
      'n-1',
      '127.0.0.1:7000',
      '127.0.0.1:8000',
      '10.0.0.1:7000',
      ['seed:7946'],
    ]);
    expect([m3.name, m3.bind, m3.http, m3.advertise, m3.join, m3.members]).toEqual([
      'n-3',
      '127.0.0.1:7002',
      '127.0.0.1:8002',
      '10.0.0.1:7002',
      ['10.0.0.1:7000', 'seed:7946'],
      1,
    ]);
  });

  it('keeps port 0 (any free port) and a disabled API', () => {
    const m = memberConfig(
      config(['--members', '2', '--bind', '127.0.0.1:0', '--http', 'off']),
      2,
      'x:1',
    );
    expect([m.bind, m.http]).toEqual(['127.0.0.1:0', undefined]);
  });

  it('refuses ports past 65535 with ERR_USAGE', () => {
    const c = config(['--members', '3', '--bind', '127.0.0.1:65534']);
    expect(() => memberConfig(c, 3)).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
  });
});
