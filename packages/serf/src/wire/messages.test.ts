import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { SerfError } from '../errors.js';
import {
  SerfMessageType,
  decodeSerfMessage,
  encodeJoin,
  encodeLeave,
  encodePushPull,
  encodeQuery,
  encodeQueryResponse,
  encodeRelayedResponse,
  encodeUserEvent,
} from './messages.js';
import { text, utf8Bytes } from './msgpack.js';

const dir = join(import.meta.dirname, '../../test/fixtures/agent');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
  file: string;
  kind: string;
}[];
const messages = index.filter((f) => f.kind !== 'meta').map((f) => fixture(f.file));

describe('Serf messages captured from serf agent 0.8.2-dev', () => {
  it('decodes the join intent and re-encodes it byte-identically', () => {
    const bytes = fixture('03-join.bin');
    const m = decodeSerfMessage(bytes);
    expect(m).toEqual({ type: SerfMessageType.Join, body: { ltime: 1, node: 'agent2' } });
    if (m.type !== SerfMessageType.Join) throw new Error('type');
    expect(encodeJoin(m.body)).toEqual(bytes);
  });

  it('decodes the leave intent and re-encodes it byte-identically', () => {
    const bytes = fixture('09-leave.bin');
    const m = decodeSerfMessage(bytes);
    expect(m).toEqual({
      type: SerfMessageType.Leave,
      body: { ltime: 2, node: 'agent1', prune: false },
    });
    if (m.type !== SerfMessageType.Leave) throw new Error('type');
    expect(encodeLeave(m.body)).toEqual(bytes);
  });

  it('decodes user events (coalesce on and off) and re-encodes them byte-identically', () => {
    for (const [file, name, payload, cc] of [
      ['04-user-event.bin', 'deploy', 'v1.2.3', true],
      ['05-user-event.bin', 'restart', '', false],
    ] as const) {
      const bytes = fixture(file);
      const m = decodeSerfMessage(bytes);
      if (m.type !== SerfMessageType.UserEvent) throw new Error('type');
      expect(m.body.name).toBe(name);
      expect(text(m.body.payload)).toBe(payload);
      expect(m.body.cc).toBe(cc);
      expect(encodeUserEvent(m.body)).toEqual(bytes);
    }
  });

  it('decodes queries (no ack; ack + node and tag filters) and re-encodes them byte-identically', () => {
    const plain = decodeSerfMessage(fixture('06-query.bin'));
    if (plain.type !== SerfMessageType.Query) throw new Error('type');
    expect(plain.body).toMatchObject({
      name: 'status',
      sourceNode: 'agent1',
      flags: 0,
      relayFactor: 0,
      timeoutNs: 1_000_000_000,
      filters: [],
    });
    expect(Array.from(plain.body.addr)).toEqual([127, 0, 0, 1]);
    expect(text(plain.body.payload)).toBe('are-you-ok');
    expect(encodeQuery(plain.body)).toEqual(fixture('06-query.bin'));
    const filtered = decodeSerfMessage(fixture('07-query.bin'));
    if (filtered.type !== SerfMessageType.Query) throw new Error('type');
    expect(filtered.body.flags).toBe(1);
    expect(filtered.body.filters).toHaveLength(2);
    expect(encodeQuery(filtered.body)).toEqual(fixture('07-query.bin'));
  });

  it('decodes push/pull user state and round-trips it', () => {
    for (const file of ['01-push-pull.bin', '10-push-pull.bin']) {
      const bytes = fixture(file);
      const m = decodeSerfMessage(bytes);
      if (m.type !== SerfMessageType.PushPull) throw new Error('type');
      expect(m.body.events).toHaveLength(512);
      expect(m.body.statusLTimes.size).toBeGreaterThan(0);
      const again = decodeSerfMessage(encodePushPull(m.body));
      expect(again).toEqual(m);
      // Go writes the map in random order; with one entry the bytes must match exactly.
      if (m.body.statusLTimes.size === 1) expect(encodePushPull(m.body)).toEqual(bytes);
    }
    const later = decodeSerfMessage(fixture('10-push-pull.bin'));
    if (later.type !== SerfMessageType.PushPull) throw new Error('type');
    const events = later.body.events.filter((e) => e !== null);
    expect(events.map((e) => [e.ltime, e.events.map((x) => x.name)])).toEqual([
      [1, ['deploy']],
      [2, ['restart']],
    ]);
    expect(later.body.eventLTime).toBe(3);
  });

  it('encodes responses and relays that decode back', () => {
    const r = {
      ltime: 7,
      id: 0xdeadbeef,
      from: 'ring1',
      flags: 1,
      payload: utf8Bytes('ok'),
    };
    expect(decodeSerfMessage(encodeQueryResponse(r))).toEqual({
      type: SerfMessageType.QueryResponse,
      body: r,
    });
    const relay = decodeSerfMessage(
      encodeRelayedResponse({ ip: Uint8Array.of(127, 0, 0, 1), port: 7946, name: 'a' }, r),
    );
    if (relay.type !== SerfMessageType.Relay) throw new Error('type');
    expect(relay.body.destPort).toBe(7946);
    expect(relay.body.destName).toBe('a');
    expect(decodeSerfMessage(relay.body.message)).toEqual({
      type: SerfMessageType.QueryResponse,
      body: r,
    });
  });

  it('refuses empty, unknown and unsupported messages with typed errors', () => {
    expect(() => decodeSerfMessage(new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
    expect(() => decodeSerfMessage(Uint8Array.of(42, 0x80))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
    expect(() => decodeSerfMessage(Uint8Array.of(7, 0x80))).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }) as Error,
    );
  });

  it('fuzz (seed 1301): truncated and mutated captures give SerfError or a value, never another throw', () => {
    const rnd = createSeededRandom(1301);
    let errors = 0;
    let decoded = 0;
    for (const base of messages) {
      for (let cut = 0; cut < base.length; cut += Math.max(1, base.length >> 6)) {
        try {
          decodeSerfMessage(base.subarray(0, cut));
          decoded++;
        } catch (e) {
          expect(e).toBeInstanceOf(SerfError);
          errors++;
        }
      }
      for (let i = 0; i < 400; i++) {
        const m = base.slice();
        const flips = 1 + rnd.int(4);
        for (let f = 0; f < flips; f++) m[rnd.int(m.length)] = rnd.int(256);
        try {
          decodeSerfMessage(m);
          decoded++;
        } catch (e) {
          expect(e).toBeInstanceOf(SerfError);
          errors++;
        }
      }
    }
    expect(errors).toBeGreaterThan(100);
    expect(decoded).toBeGreaterThan(100);
  });
});
