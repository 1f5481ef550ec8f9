import { describe, expect, it } from 'vitest';
import { EventHub } from './events.js';
import type { MemberEvent } from './events.js';
import type { Member } from '../core/membership/member.js';
import { noopLogger } from './observability.js';

function member(name: string): Member {
  const v = { min: 1, max: 5, cur: 2 };
  return {
    name,
    address: '10.0.0.1:7946',
    meta: new Uint8Array(0),
    state: 'alive',
    incarnation: 1,
    protocol: v,
    delegate: v,
  };
}

describe('EventHub', () => {
  it('delivers in order and never re-entrantly: events queued by a handler come after', () => {
    const hub = new EventHub(noopLogger);
    const seen: string[] = [];
    hub.on('join', (m) => {
      seen.push(`join:${m.name}:start`);
      if (m.name === 'a') {
        hub.queue('update', member('a'));
        hub.drain(); // re-entrant drain is a no-op; the outer loop delivers it
      }
      seen.push(`join:${m.name}:end`);
    });
    hub.on('update', (m) => seen.push(`update:${m.name}`));
    hub.queue('join', member('a'));
    hub.queue('join', member('b'));
    hub.drain();
    expect(seen).toEqual(['join:a:start', 'join:a:end', 'join:b:start', 'join:b:end', 'update:a']);
  });

  it('keeps going when a handler throws, and off() removes handlers', () => {
    const errors: unknown[] = [];
    const hub = new EventHub({ ...noopLogger, error: (o) => errors.push(o) });
    const seen: string[] = [];
    const bad = (): void => {
      throw new Error('boom');
    };
    hub.on('leave', bad);
    hub.on('leave', (m) => seen.push(m.name));
    hub.queue('leave', member('x'));
    hub.drain();
    hub.off('leave', bad);
    hub.queue('leave', member('y'));
    hub.drain();
    expect(seen).toEqual(['x', 'y']);
    expect(errors).toHaveLength(1);
  });

  it('subscribe yields the snapshot as joins, then later changes only, until aborted', async () => {
    const hub = new EventHub(noopLogger);
    hub.queue('join', member('old')); // queued before subscribing: part of the snapshot, not repeated
    const ac = new AbortController();
    const got: MemberEvent[] = [];
    const it = hub.subscribe(() => [member('old'), member('self')], ac.signal);
    const done = (async () => {
      for await (const ev of it) {
        got.push(ev);
        if (got.length === 4) ac.abort();
      }
    })();
    hub.drain();
    hub.queue('suspect', member('old'));
    hub.queue('leave', member('old'));
    hub.drain();
    await done;
    expect(got.map((e) => `${e.type}:${e.member.name}`)).toEqual([
      'join:old',
      'join:self',
      'suspect:old',
      'leave:old',
    ]);
  });

  it('wants an event type only while a handler for it or an iterator exists', async () => {
    const hub = new EventHub(noopLogger);
    expect(hub.wants('join')).toBe(false);
    const handler = (): void => undefined;
    hub.on('suspect', handler);
    expect(hub.wants('suspect')).toBe(true);
    expect(hub.wants('join')).toBe(false);
    hub.off('suspect', handler);
    expect(hub.wants('suspect')).toBe(false);
    const controller = new AbortController();
    const it = hub.subscribe(() => [], controller.signal);
    const first = it.next();
    await Promise.resolve();
    expect(hub.wants('join')).toBe(true);
    controller.abort();
    await first;
  });
  it('delivers user messages to message handlers', () => {
    const hub = new EventHub(noopLogger);
    const got: string[] = [];
    hub.on('message', (m) => got.push(`${m.from}:${m.payload.length}`));
    hub.queueMessage({ from: 'a', payload: Uint8Array.of(1, 2) });
    hub.drain();
    expect(got).toEqual(['a:2']);
  });

  it('close() ends subscriptions after their buffered events', async () => {
    const hub = new EventHub(noopLogger);
    const got: string[] = [];
    const done = (async () => {
      for await (const ev of hub.subscribe(() => [member('a')])) got.push(ev.member.name);
    })();
    hub.queue('leave', member('a'));
    hub.drain();
    hub.close();
    await done;
    expect(got).toEqual(['a', 'a']);
  });
});
