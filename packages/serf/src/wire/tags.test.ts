import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSerfTags, encodeSerfTags } from './tags.js';

const fixture = (f: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../test/fixtures/agent', f)));

describe('Serf tags in node meta', () => {
  it('decodes the agent meta and re-encodes it byte-identically', () => {
    expect(decodeSerfTags(fixture('02-meta.bin'))).toEqual({ role: 'web' });
    expect(encodeSerfTags({ role: 'web' })).toEqual(fixture('02-meta.bin'));
    expect(decodeSerfTags(fixture('08-meta.bin'))).toEqual({ env: 'prod', role: 'web' });
    expect(encodeSerfTags({ role: 'web', env: 'prod' })).toEqual(fixture('08-meta.bin'));
  });

  it('reads legacy role meta and empty meta', () => {
    expect(decodeSerfTags(new TextEncoder().encode('db'))).toEqual({ role: 'db' });
    expect(decodeSerfTags(new Uint8Array(0))).toEqual({});
  });

  it('refuses oversized tags and malformed meta with typed errors', () => {
    expect(() => encodeSerfTags({ big: 'x'.repeat(600) })).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }) as Error,
    );
    expect(() => decodeSerfTags(Uint8Array.of(0xff, 0x81, 0xa1, 0x61, 0x01))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
    expect(() => decodeSerfTags(Uint8Array.of(0xff, 0x90))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
    expect(() => decodeSerfTags(Uint8Array.of(0xff, 0x82))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
  });
});
