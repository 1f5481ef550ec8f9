import { describe, expect, it } from 'vitest';
import { Keyring } from '@ring/swim/wire';
import { answerKeyQuery } from './key-queries.js';
import { MsgWriter, decodeValue, text } from '../wire/msgpack.js';

const k1 = new Uint8Array(16).fill(1);
const k2 = new Uint8Array(16).fill(2);
const b64 = (k: Uint8Array) => Buffer.from(k).toString('base64');

function request(key: Uint8Array): Uint8Array {
  const w = new MsgWriter();
  w.byte(7);
  w.value({ Key: key });
  return w.finish();
}

function decode(p: Uint8Array) {
  expect(p[0]).toBe(8);
  const m = decodeValue(p, 1).value as Map<string, unknown>;
  const keys = m.get('Keys') as Uint8Array[] | null;
  return {
    result: m.get('Result'),
    message: text(m.get('Message') as Uint8Array),
    keys: keys === null ? null : keys.map(text),
    primary: text(m.get('PrimaryKey') as Uint8Array),
  };
}

const always = () => true;

describe('key-management queries', () => {
  it('install, use, list and remove change the keyring like serf keys does', () => {
    const ring = new Keyring([k1]);
    expect(decode(answerKeyQuery('install-key', request(k2), ring, always)).result).toBe(true);
    expect(decode(answerKeyQuery('use-key', request(k2), ring, always)).result).toBe(true);
    expect(ring.primary).toEqual(k2);
    const list = decode(answerKeyQuery('list-keys', new Uint8Array(0), ring, always));
    expect(list).toMatchObject({ result: true, primary: b64(k2) });
    expect(list.keys?.sort()).toEqual([b64(k1), b64(k2)].sort());
    expect(decode(answerKeyQuery('remove-key', request(k1), ring, always)).result).toBe(true);
    expect(ring.list()).toEqual([k2]);
    const refused = decode(answerKeyQuery('remove-key', request(k2), ring, always));
    expect(refused.result).toBe(false);
    expect(refused.message).not.toBe('');
  });

  it('reports encryption off, malformed requests, and truncates long key lists', () => {
    expect(decode(answerKeyQuery('list-keys', new Uint8Array(0), undefined, always))).toMatchObject(
      {
        result: false,
        message: 'Keyring is empty (encryption not enabled)',
      },
    );
    expect(decode(answerKeyQuery('install-key', request(k1), undefined, always)).message).toMatch(
      /encryption not enabled/,
    );
    expect(
      decode(answerKeyQuery('install-key', Uint8Array.of(7, 0xc1), new Keyring([k1]), always)),
    ).toMatchObject({ result: false });
    const ring = new Keyring([k1, k2]);
    const fitsOne = (p: Uint8Array) => (decode(p).keys?.length ?? 0) <= 1;
    const one = decode(answerKeyQuery('list-keys', new Uint8Array(0), ring, fitsOne));
    expect(one.keys).toHaveLength(1);
    expect(one.message).toBe('truncated key list response, showing first 1 of 2 keys');
  });
});
