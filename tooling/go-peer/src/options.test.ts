import { describe, expect, it } from 'vitest';
import { GO_PEER_FAST_TIMING, peerArgs } from './options.js';

describe('peerArgs', () => {
  it('defaults to 127.0.0.1, port 0 and the local preset', () => {
    expect(peerArgs({ name: 'a' })).toEqual([
      '-name',
      'a',
      '-bind',
      '127.0.0.1',
      '-port',
      '0',
      '-preset',
      'local',
    ]);
  });

  it('maps timing, seeds, keyring, compression and tags to the Go flags', () => {
    const args = peerArgs({
      name: 'a',
      ...GO_PEER_FAST_TIMING,
      deadReclaimMs: 0,
      join: ['127.0.0.1:1', '127.0.0.1:2'],
      keys: [new Uint8Array(16).fill(1), 'AgICAgICAgICAgICAgICAg=='],
      compression: false,
      rebroadcast: true,
      tags: { role: 'db,primary' },
    });
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('-probe-interval-ms')).toBe('200');
    expect(flag('-dead-reclaim-ms')).toBe('0');
    expect(flag('-join')).toBe('127.0.0.1:1,127.0.0.1:2');
    expect(flag('-keys')).toBe('AQEBAQEBAQEBAQEBAQEBAQ==,AgICAgICAgICAgICAgICAg==');
    expect(args).toContain('-compression=false');
    expect(args).toContain('-rebroadcast=true');
    expect(flag('-tags-json')).toBe('{"role":"db,primary"}'); // commas survive: JSON, not k=v
  });

  it('passes raw meta as base64 and keeps extra flags last', () => {
    const args = peerArgs({ name: 'a', meta: 'x', extraArgs: ['-quiet'] });
    expect(args.slice(-3)).toEqual(['-meta-b64', 'eA==', '-quiet']);
  });
});
