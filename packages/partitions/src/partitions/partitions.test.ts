import { describe, expect, it } from 'vitest';
import { assign } from '../assign/assign.js';
import type { LaggedMarker } from '../events/change-stream.js';
import { isPartitionsError } from '../errors.js';
import type { HandoffTransition } from '../handoff/handoff.js';
import { staticMembership, type MembershipSource } from '../membership/membership.js';
import type { ChangeEvent } from '../events/events.js';
import { createPartitions } from './partitions.js';
import { codeOf } from '../testing/error-code.js';

interface Node {
  name: string;
  tags?: Record<string, string>;
}

const nodes = (...names: string[]): Node[] => names.map((name) => ({ name }));

describe('createPartitions: lookups', () => {
  it('answers partitionOf / ownersOf / membersForKey / ownedByMe from the table of the current members', () => {
    const source = staticMembership(nodes('a', 'b', 'c'));
    const parts = createPartitions(source, { localName: 'a', partitions: 32, redundancy: 2 });
    const expected = assign(['a', 'b', 'c'], { partitions: 32, redundancy: 2 });
    expect(parts.table.owners).toEqual(expected.owners);
    expect(parts.epoch).toBe(1);
    const p = parts.partitionOf('user:42');
    expect(parts.membersForKey('user:42').map((m) => m.name)).toEqual([
      expected.owners[p * 2],
      expected.owners[p * 2 + 1],
    ]);
    expect(parts.ownersOf(p)).toEqual(parts.membersForKey('user:42'));
    expect(parts.ownerOf(p, 1)?.name).toBe(expected.owners[p * 2 + 1]);
    for (let q = 0; q < 32; q++) {
      expect(parts.ownedByMe(q)).toBe(expected.owners.slice(q * 2, q * 2 + 2).includes('a'));
    }
    expect(parts.member('b')).toEqual({ name: 'b' });
    expect(parts.memberNames).toEqual(['a', 'b', 'c']);
    parts.close();
  });

  it('rejects unknown partitions, replicas and keys with typed errors', () => {
    const parts = createPartitions(staticMembership(nodes('a')), { partitions: 8, redundancy: 1 });
    expect(codeOf(() => parts.ownersOf(8))).toBe('ERR_UNKNOWN_PARTITION');
    expect(codeOf(() => parts.ownersOf(-1))).toBe('ERR_UNKNOWN_PARTITION');
    expect(codeOf(() => parts.ownedByMe(1.5))).toBe('ERR_UNKNOWN_PARTITION');
    expect(codeOf(() => parts.ownerOf(0, 1))).toBe('ERR_INVALID_REPLICA');
    expect(codeOf(() => parts.slotState(0, -1))).toBe('ERR_INVALID_REPLICA');
    expect(codeOf(() => parts.membersForKey(null as unknown as string))).toBe('ERR_INVALID_KEY');
    parts.close();
  });

  it('rejects bad options with typed errors', () => {
    const source = staticMembership(nodes('a'));
    expect(codeOf(() => createPartitions(source, { partitions: 0 }))).toBe('ERR_INVALID_OPTION');
    expect(codeOf(() => createPartitions(source, { redundancy: 0 }))).toBe('ERR_INVALID_OPTION');
    expect(codeOf(() => createPartitions(source, { partitions: 2, redundancy: 3 }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(codeOf(() => createPartitions(source, { watchTags: { ring: '[' } }))).toBe(
      'ERR_INVALID_TAG_PATTERN',
    );
    expect(codeOf(() => createPartitions(source, { bufferSize: 0 }))).toBe('ERR_INVALID_OPTION');
    expect(codeOf(() => createPartitions(source, { localName: '' }))).toBe('ERR_INVALID_OPTION');
    expect(codeOf(() => createPartitions(source, { onAcquire: 'x' as never }))).toBe(
      'ERR_INVALID_OPTION',
    );
  });
});

describe('createPartitions: change events', () => {
  it('emits one batched event per membership change, with a rising epoch and both views', () => {
    const source = staticMembership(nodes('a', 'b', 'c'));
    const parts = createPartitions(source, { localName: 'a', partitions: 64, redundancy: 2 });
    const events: ChangeEvent[] = [];
    parts.on('change', (e) => events.push(e));
    const before = parts.table;
    source.join({ name: 'd' });
    source.leave('b');
    expect(events.map((e) => [e.epoch, e.cause.event, e.cause.member])).toEqual([
      [2, 'join', 'd'],
      [3, 'leave', 'b'],
    ]);
    const [join] = events;
    expect(join!.table.owners).toEqual(
      assign(['a', 'b', 'c', 'd'], { partitions: 64, redundancy: 2 }).owners,
    );
    // cluster view: exactly the slots that differ; local view: a's share of them
    const differing = before.owners.flatMap((o, i) => (o === join!.table.owners[i] ? [] : [i]));
    expect(join!.changes.map((c) => c.partition * 2 + c.replica)).toEqual(differing);
    const slotOf = (x: { partition: number; replica: number }): string =>
      `${x.partition}/${x.replica}`;
    expect(join!.acquired.map((a) => `${slotOf(a)}<${a.from ?? '-'}`)).toEqual(
      join!.changes.filter((c) => c.to === 'a').map((c) => `${slotOf(c)}<${c.from ?? '-'}`),
    );
    expect(join!.released.map((r) => `${slotOf(r)}>${r.to ?? '-'}`)).toEqual(
      join!.changes.filter((c) => c.from === 'a').map((c) => `${slotOf(c)}>${c.to ?? '-'}`),
    );
    for (const a of join!.acquired)
      expect(a.hadPartition).toBe(
        before.owners.slice(a.partition * 2, a.partition * 2 + 2).includes('a'),
      );
    for (const r of join!.released)
      expect(r.keepsPartition).toBe(
        join!.table.owners.slice(r.partition * 2, r.partition * 2 + 2).includes('a'),
      );
    expect(parts.epoch).toBe(3);
    parts.close();
  });

  it('hold/release: a burst of events while held becomes one change, to the table of the final member set', () => {
    const source = staticMembership(nodes('a'));
    const parts = createPartitions(source, { localName: 'a', partitions: 64, redundancy: 2 });
    const events: ChangeEvent[] = [];
    parts.on('change', (e) => events.push(e));
    const before = parts.table;
    parts.hold();
    parts.hold(); // holds nest
    for (const n of ['b', 'c', 'd', 'e']) source.join({ name: n });
    source.leave('c');
    parts.release();
    expect(events).toEqual([]);
    expect(parts.table).toBe(before);
    parts.release();
    expect(events.map((e) => [e.epoch, e.cause.event, e.cause.member])).toEqual([
      [2, 'leave', 'c'],
    ]);
    expect(parts.table.owners).toEqual(
      assign(['a', 'b', 'd', 'e'], { partitions: 64, redundancy: 2 }).owners,
    );
    // One change from the held-from table straight to the final one: a's releases are exactly
    // the slots it owned before and does not own now.
    const slots = (t: typeof before, who: string): string[] =>
      t.owners.flatMap((o, i) => (o === who ? [`${Math.floor(i / 2)}/${i % 2}`] : []));
    const kept = new Set(slots(parts.table, 'a'));
    expect(events[0]!.released.map((r) => `${r.partition}/${r.replica}`).sort()).toEqual(
      slots(before, 'a')
        .filter((s) => !kept.has(s))
        .sort(),
    );
    // Unheld again: every event recomputes at once; a release without a hold does nothing.
    parts.release();
    source.join({ name: 'f' });
    expect(events.map((e) => e.cause.member)).toEqual(['c', 'f']);
    parts.close();
    expect(() => parts.hold()).toThrow(expect.objectContaining({ code: 'ERR_CLOSED' }) as Error);
  });

  it('hold/release: events held and undone emit nothing; a hold inside a change listener ends before the events it let in', () => {
    const source = staticMembership(nodes('a', 'b'));
    const parts = createPartitions(source, { localName: 'a', partitions: 16, redundancy: 1 });
    const events: ChangeEvent[] = [];
    parts.on('change', (e) => events.push(e));
    parts.hold();
    source.join({ name: 'c' });
    source.leave('c');
    parts.release();
    expect(events).toEqual([]);
    // A listener that holds, lets a join in and releases while a change is being emitted: the
    // join is queued behind the current change (never re-entrant), so it is applied unheld.
    let once = true;
    parts.on('change', () => {
      if (!once) return;
      once = false;
      parts.hold();
      source.join({ name: 'e' });
      parts.release();
    });
    source.join({ name: 'd' });
    expect(events.map((e) => [e.epoch, e.cause.member])).toEqual([
      [2, 'd'],
      [3, 'e'],
    ]);
    expect(parts.table.owners).toEqual(
      assign(['a', 'b', 'd', 'e'], { partitions: 16, redundancy: 1 }).owners,
    );
    parts.close();
  });

  it('emits nothing when the table does not change (updates without tag changes, filtered members, unknown leaves)', () => {
    const source = staticMembership<Node>([
      { name: 'a', tags: { ring: 'active' } },
      { name: 'b', tags: { ring: 'active' } },
    ]);
    const parts = createPartitions(source, {
      partitions: 16,
      redundancy: 1,
      watchTags: { ring: /^active$/ },
    });
    const events: ChangeEvent[] = [];
    parts.on('change', (e) => events.push(e));
    source.update({ name: 'a', tags: { ring: 'active', extra: 'x' } });
    source.join({ name: 'c', tags: { ring: 'draining' } });
    source.join({ name: 'd' });
    source.leave('c');
    source.leave('zzz');
    expect(events).toEqual([]);
    expect(parts.epoch).toBe(1);
    source.update({ name: 'b', tags: { ring: 'draining' } }); // b drops out
    source.join({ name: 'c', tags: { ring: 'active' } }); // c comes in
    expect(events.map((e) => `${e.cause.event} ${e.cause.member} @${e.epoch}`)).toEqual([
      'update b @2',
      'join c @3',
    ]);
    expect(parts.memberNames).toEqual(['a', 'c']);
    parts.close();
  });

  it('applies all/any tag semantics explicitly', () => {
    const members: Node[] = [
      { name: 'a', tags: { ring: 'active', dc: 'eu' } },
      { name: 'b', tags: { ring: 'active', dc: 'us' } },
      { name: 'c', tags: { dc: 'eu' } },
    ];
    const all = createPartitions(staticMembership(members), {
      partitions: 4,
      redundancy: 1,
      watchTags: { ring: 'active', dc: '^eu$' },
    });
    const any = createPartitions(staticMembership(members), {
      partitions: 4,
      redundancy: 1,
      watchTags: { ring: 'active', dc: '^eu$' },
      match: 'any',
    });
    expect(all.memberNames).toEqual(['a']);
    expect(any.memberNames).toEqual(['a', 'b', 'c']);
    all.close();
    any.close();
  });

  it('decodes tags with tagsOf (e.g. swim meta bytes) and reports a failing decoder as ERR_INVALID_MEMBER', () => {
    interface SwimLike {
      name: string;
      meta: Uint8Array;
    }
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const source = staticMembership<SwimLike>([
      { name: 'a', meta: enc('{"ring":"1"}') },
      { name: 'b', meta: enc('{"ring":"0"}') },
    ]);
    const errors: unknown[] = [];
    const parts = createPartitions(source, {
      partitions: 8,
      redundancy: 1,
      watchTags: { ring: '^1$' },
      tagsOf: (m) => JSON.parse(new TextDecoder().decode(m.meta)) as Record<string, string>,
    });
    parts.on('error', (e) => errors.push(e));
    expect(parts.memberNames).toEqual(['a']);
    source.join({ name: 'c', meta: enc('not json') });
    expect(parts.memberNames).toEqual(['a']);
    expect(errors).toHaveLength(1);
    expect(isPartitionsError(errors[0], 'ERR_INVALID_MEMBER')).toBe(true);
    parts.close();
  });

  it('reports a failing tagsOf for a member present at construction to an error listener attached right after', async () => {
    const source = staticMembership([{ name: 'a' }, { name: 'bad' }]);
    const parts = createPartitions(source, {
      partitions: 8,
      redundancy: 1,
      tagsOf: (m) => {
        if (m.name === 'bad') throw new Error('undecodable meta');
        return {};
      },
    });
    const errors: unknown[] = [];
    parts.on('error', (e) => errors.push(e));
    expect(parts.memberNames).toEqual(['a']);
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    expect(isPartitionsError(errors[0], 'ERR_INVALID_MEMBER')).toBe(true);
    parts.close();
  });

  it('processes membership events raised from a change listener after the current one, never re-entrantly', () => {
    const source = staticMembership(nodes('a', 'b'));
    const parts = createPartitions(source, { partitions: 32, redundancy: 1 });
    const log: string[] = [];
    parts.on('change', (e) => {
      log.push(`start ${e.epoch}`);
      if (e.cause.member === 'c') source.join({ name: 'd' });
      log.push(`end ${e.epoch}`);
    });
    source.join({ name: 'c' });
    expect(log).toEqual(['start 2', 'end 2', 'start 3', 'end 3']);
    expect(parts.memberNames).toEqual(['a', 'b', 'c', 'd']);
    parts.close();
  });

  it('keeps processing when a change listener throws, reporting the error', () => {
    const source = staticMembership(nodes('a'));
    const parts = createPartitions(source, { partitions: 8, redundancy: 1 });
    const errors: unknown[] = [];
    parts.on('error', (e) => errors.push(e));
    parts.on('change', () => {
      throw new Error('listener bug');
    });
    source.join({ name: 'b' });
    source.join({ name: 'c' });
    expect(parts.epoch).toBe(3);
    expect(errors).toEqual([new Error('listener bug'), new Error('listener bug')]);
    parts.close();
  });

  it('reports a nameless member from the source and ignores it', () => {
    const listeners: ((m: Node) => void)[] = [];
    const source: MembershipSource<Node> = {
      members: () => nodes('a'),
      on: (event, fn) => (event === 'join' ? listeners.push(fn) : 0),
      off: () => undefined,
    };
    const parts = createPartitions(source, { partitions: 8, redundancy: 1 });
    const errors: unknown[] = [];
    parts.on('error', (e) => errors.push(e));
    listeners[0]!({ name: '' });
    expect(isPartitionsError(errors[0], 'ERR_INVALID_MEMBER')).toBe(true);
    expect(parts.memberNames).toEqual(['a']);
    parts.close();
  });
});

describe('createPartitions: iterators', () => {
  it('delivers changes to an async iterator and ends it on close', async () => {
    const source = staticMembership(nodes('a', 'b'));
    const parts = createPartitions(source, { partitions: 16, redundancy: 1 });
    const it = parts.changes();
    source.join({ name: 'c' });
    source.leave('a');
    parts.close();
    const seen: number[] = [];
    for await (const e of it) seen.push((e as ChangeEvent).epoch);
    expect(seen).toEqual([2, 3]);
    expect(codeOf(() => parts.changes())).toBe('ERR_CLOSED');
  });

  it('never lets a slow consumer block membership processing: drop-oldest, then a lagged marker (seed-free)', async () => {
    const source = staticMembership(nodes('a', 'b'));
    const parts = createPartitions(source, { partitions: 64, redundancy: 1, localName: 'a' });
    const slow = parts.changes({ bufferSize: 2 });
    for (let i = 0; i < 10; i++) source.join({ name: `n${i}` });
    expect(parts.epoch).toBe(11); // processing went on regardless
    const first = (await slow.next()).value as LaggedMarker;
    expect(first).toEqual({ type: 'lagged', dropped: 8 });
    const rest = [
      (await slow.next()).value as ChangeEvent,
      (await slow.next()).value as ChangeEvent,
    ];
    expect(rest.map((e) => e.epoch)).toEqual([10, 11]);
    // resync: the current table is the one of the newest event
    expect(parts.table).toBe(rest[1]!.table);
    parts.close();
  });

  it('rejects a pending read with ERR_ABORTED when its signal aborts', async () => {
    const parts = createPartitions(staticMembership(nodes('a')), { partitions: 4, redundancy: 1 });
    const controller = new AbortController();
    const it = parts.changes({ signal: controller.signal });
    const pending = it.next();
    controller.abort();
    const error: unknown = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPartitionsError(error, 'ERR_ABORTED')).toBe(true);
    parts.close();
  });

  it('gives an iterator that is done at once for an already-aborted signal', async () => {
    const source = staticMembership(nodes('a'));
    const parts = createPartitions(source, { partitions: 4, redundancy: 1 });
    const controller = new AbortController();
    controller.abort();
    const it = parts.changes({ signal: controller.signal });
    source.join({ name: 'b' });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    parts.close();
  });
});

describe('createPartitions: handoff', () => {
  it('runs onAcquire for initial and new slots and onRelease for lost ones, with states', async () => {
    const source = staticMembership(nodes('a', 'b'));
    const acquired: string[] = [];
    const released: string[] = [];
    const transitions: HandoffTransition[] = [];
    let gate!: () => void;
    const gateOpen = new Promise<void>((resolve) => (gate = resolve));
    const parts = createPartitions(source, {
      partitions: 16,
      redundancy: 1,
      localName: 'a',
      onAcquire: (ctx) => {
        acquired.push(`${ctx.partition}/${ctx.replica}<${ctx.from ?? '-'}`);
      },
      onRelease: async (ctx) => {
        released.push(`${ctx.partition}/${ctx.replica}>${ctx.to ?? '-'}`);
        await gateOpen;
      },
    });
    parts.on('handoff', (t) => transitions.push(t));
    await parts.settled();
    const initial = parts.table.owners.flatMap((o, p) => (o === 'a' ? [`${p}/0<-`] : []));
    expect(acquired).toEqual(initial);
    const events: ChangeEvent[] = [];
    parts.on('change', (e) => events.push(e));
    source.join({ name: 'c' });
    const lost = events[0]!.released;
    expect(lost.length).toBeGreaterThan(0);
    for (const r of lost) expect(parts.slotState(r.partition, r.replica)).toBe('releasing');
    await Promise.resolve();
    expect(parts.slotState(lost[0]!.partition, 0)).toBe('releasing'); // held until the hook resolves
    gate();
    await parts.settled();
    for (const r of lost) expect(parts.slotState(r.partition, r.replica)).toBe('released');
    expect(released).toEqual(lost.map((r) => `${r.partition}/${r.replica}>${r.to ?? '-'}`));
    expect(transitions.filter((t) => t.state === 'released')).toHaveLength(lost.length);
    parts.close();
  });
});
