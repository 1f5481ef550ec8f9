import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSerfMessage } from '../wire/messages.js';
import {
  decodeFilter,
  encodeNodeFilter,
  encodeTagFilter,
  shouldProcessQuery,
} from './query-filter.js';

const captured = decodeSerfMessage(
  new Uint8Array(readFileSync(join(import.meta.dirname, '../../test/fixtures/agent/07-query.bin'))),
);

describe('query filters', () => {
  it('decodes the filters the agent sent and encodes them byte-identically', () => {
    if (captured.type !== 4) throw new Error('type');
    const [nodes, tag] = captured.body.filters;
    expect(decodeFilter(nodes!)).toEqual({ type: 'node', names: ['ring1', 'agent1'] });
    expect(decodeFilter(tag!)).toEqual({ type: 'tag', tag: 'role', expr: 'r.*' });
    expect(encodeNodeFilter(['ring1', 'agent1'])).toEqual(nodes);
    expect(encodeTagFilter('role', 'r.*')).toEqual(tag);
  });

  it('processes a query only when every filter matches', () => {
    const f = [encodeNodeFilter(['a', 'b']), encodeTagFilter('role', '^web$')];
    expect(shouldProcessQuery(f, 'a', { role: 'web' })).toBe(true);
    expect(shouldProcessQuery(f, 'c', { role: 'web' })).toBe(false);
    expect(shouldProcessQuery(f, 'a', { role: 'db' })).toBe(false);
    expect(shouldProcessQuery(f, 'a', {})).toBe(false);
    expect(shouldProcessQuery([], 'z', {})).toBe(true);
    // unanchored like Go's regexp.MatchString
    expect(shouldProcessQuery([encodeTagFilter('role', 'e')], 'a', { role: 'web' })).toBe(true);
  });

  it('refuses malformed, unknown and invalid-regex filters', () => {
    expect(shouldProcessQuery([new Uint8Array(0)], 'a', {})).toBe(false);
    expect(shouldProcessQuery([Uint8Array.of(7, 0x90)], 'a', {})).toBe(false);
    expect(shouldProcessQuery([Uint8Array.of(0, 0x91)], 'a', {})).toBe(false);
    expect(shouldProcessQuery([encodeTagFilter('role', '(')], 'a', { role: '(' })).toBe(false);
    expect(() => decodeFilter(Uint8Array.of(9))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
  });
});
