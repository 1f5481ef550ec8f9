import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { decodeConflictResponse, encodeConflictResponse } from './conflict-response.js';
import { SerfError } from '../errors.js';
import {
  QUERY_FLAG_ACK,
  SerfMessageType,
  decodeSerfMessage,
  encodeQueryResponse,
  encodeRelayedResponse,
} from '../wire/messages.js';
import { decodeValue, text } from '../wire/msgpack.js';

// Responses real serf agents sent to a Ring member's queries (see test/fixtures/README.md).
const dir = join(import.meta.dirname, '../../test/fixtures/agent-responses');
const fixture = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { file: string }[];

function response(f: string) {
  const m = decodeSerfMessage(fixture(f));
  if (m.type !== SerfMessageType.QueryResponse) throw new Error(`type ${m.type}`);
  return m.body;
}

describe('query responses captured from serf agent 0.8.2-dev', () => {
  it('decodes an ack and a response and re-encodes both byte-identically', () => {
    const ack = response('01-query-response.bin');
    expect(ack).toMatchObject({ from: 'agent1', flags: QUERY_FLAG_ACK, ltime: 1 });
    expect(ack.payload).toHaveLength(0);
    expect(encodeQueryResponse(ack)).toEqual(fixture('01-query-response.bin'));
    const resp = response('03-query-response.bin');
    expect(resp).toMatchObject({ from: 'agent1', flags: 0, id: ack.id });
    expect(text(resp.payload)).toBe('agent1:p');
    expect(encodeQueryResponse(resp)).toEqual(fixture('03-query-response.bin'));
  });

  it('decodes a relayed response and re-encodes it byte-identically', () => {
    const bytes = fixture('06-relay.bin');
    const m = decodeSerfMessage(bytes);
    if (m.type !== SerfMessageType.Relay) throw new Error('type');
    expect(m.body.destName).toBe('ring1');
    expect(Array.from(m.body.destIp)).toEqual([127, 0, 0, 1]);
    const inner = decodeSerfMessage(m.body.message);
    if (inner.type !== SerfMessageType.QueryResponse) throw new Error('inner type');
    expect(inner.body.from).toBe('agent2');
    expect(
      encodeRelayedResponse(
        { ip: m.body.destIp, port: m.body.destPort, name: m.body.destName },
        inner.body,
      ),
    ).toEqual(bytes);
  });

  it('decodes a _serf_conflict answer (a Member record) and re-encodes it byte-identically', () => {
    const resp = response('07-query-response.bin');
    const member = decodeConflictResponse(resp.payload);
    expect(member).toMatchObject({
      name: 'agent2',
      status: 'alive',
      delegate: [2, 5, 5],
      tags: {},
    });
    expect(member?.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(encodeConflictResponse(member)).toEqual(resp.payload);
    expect(decodeConflictResponse(encodeConflictResponse(undefined))).toBeUndefined();
  });

  it('decodes a _serf_list-keys answer from an unencrypted agent', () => {
    const resp = response('08-query-response.bin');
    expect(resp.payload[0]).toBe(SerfMessageType.KeyResponse);
    const m = decodeValue(resp.payload, 1).value as Map<string, unknown>;
    expect(m.get('Result')).toBe(false);
    expect(text(m.get('Message') as Uint8Array)).toBe('Keyring is empty (encryption not enabled)');
  });

  it('fuzz (seed 1302): truncated and mutated responses give SerfError or a value, never another throw', () => {
    const rnd = createSeededRandom(1302);
    let errors = 0;
    for (const { file } of index) {
      const base = fixture(file);
      for (let i = 0; i < 300; i++) {
        const m = i < base.length ? base.subarray(0, i) : base.slice();
        if (i >= base.length) m[rnd.int(m.length)] = rnd.int(256);
        for (const decode of [decodeSerfMessage, decodeConflictResponse]) {
          try {
            decode(m);
          } catch (e) {
            expect(e).toBeInstanceOf(SerfError);
            errors++;
          }
        }
      }
    }
    expect(errors).toBeGreaterThan(100);
  });
});
