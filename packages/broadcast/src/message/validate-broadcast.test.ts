import { describe, expect, it } from 'vitest';
import { expectBroadcastError } from '../testing/expect-error.js';
import type { Broadcast } from './broadcast.js';
import { validateBroadcast } from './validate-broadcast.js';

const message = new Uint8Array([1, 2, 3]);

describe('validateBroadcast', () => {
  it.each<[string, Broadcast, string]>([
    ['named', { name: 'node-a', message }, 'named'],
    ['named with unique: false', { name: 'node-a', unique: false, message }, 'named'],
    ['unique', { unique: true, message }, 'unique'],
    ['plain', { message }, 'plain'],
    ['plain with invalidates', { message, invalidates: () => false }, 'plain'],
    ['a Buffer message', { message: Buffer.from('x') }, 'plain'],
    ['an empty message', { message: new Uint8Array(0), onDone: () => undefined }, 'plain'],
  ])('classifies %s', (_label, broadcast, kind) => {
    expect(validateBroadcast(broadcast)).toBe(kind);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'hello'],
    ['no message', { name: 'a' }],
    ['a string message', { message: 'abc' }],
    ['an array message', { message: [1, 2, 3] }],
    ['an empty name', { name: '', message }],
    ['a numeric name', { name: 7, message }],
    ['a non-boolean unique', { unique: 'yes', message }],
    ['a non-function onDone', { message, onDone: 'cb' }],
    ['a non-function invalidates', { message, invalidates: true }],
    ['named and unique', { name: 'a', unique: true, message }],
    ['named with invalidates', { name: 'a', message, invalidates: () => true }],
    ['unique with invalidates', { unique: true, message, invalidates: () => true }],
  ])('rejects %s with ERR_INVALID_BROADCAST', (_label, broadcast) => {
    expectBroadcastError(() => validateBroadcast(broadcast as Broadcast), 'ERR_INVALID_BROADCAST');
  });
});
