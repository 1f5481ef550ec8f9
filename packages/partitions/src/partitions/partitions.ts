import { TypedEmitter } from '@ring/base';
import type { Key } from '@ring/hashring';
import { assign } from '../assign/assign.js';
import { ChangeStream, type LaggedMarker, type StreamOptions } from '../events/change-stream.js';
import type { ChangeCause, ChangeEvent, PartitionsEvents } from '../events/events.js';
import { diffTables, localView } from '../table/diff.js';
import { PartitionsError } from '../errors.js';
import { Handoff, type SlotState } from '../handoff/handoff.js';
import { memberName } from '../membership/member-name.js';
import type {
  MemberLike,
  MembershipEventName,
  MembershipSource,
} from '../membership/membership.js';
import {
  resolveOptions,
  type PartitionsOptions,
  type ResolvedPartitionsOptions,
} from './options.js';
import { partitionFor, xxhash64Partitioner } from '../table/partition-of.js';
import { explainKeyPlacement, type KeyPartitionExplanation } from './explain-key.js';
import { emptyTable, partitionOwners, slotOwner, type PartitionTable } from '../table/table.js';

/**
 * Partition ownership over a live membership source. Create with {@link createPartitions}.
 *
 * Every membership event is applied synchronously (unless {@link Partitions.hold} holds it for
 * one recomputation): the member set is filtered by tags, the table recomputed with
 * {@link assign}, diffed against the previous one, and — only when some slot changed — the epoch
 * is bumped and one `change` event is emitted to listeners and to every iterator, then the
 * handoff hooks start. Events raised while a change is being emitted (e.g. a listener that edits a
 * static source) are queued and applied afterwards, never re-entrantly.
 *
 * @typeParam M - the member type of the source.
 */
export class Partitions<M extends MemberLike> {
  private readonly source: MembershipSource<M>;
  private readonly options: ResolvedPartitionsOptions<M>;
  private readonly emitter: TypedEmitter<PartitionsEvents>;
  private readonly handoff: Handoff;
  private readonly known = new Map<string, M>();
  private readonly eligible = new Set<string>();
  private readonly streams = new Set<ChangeStream<ChangeEvent>>();
  private readonly queue: { event: MembershipEventName; member: M }[] = [];
  private readonly listeners: Record<MembershipEventName, (member: M) => void>;
  private draining = false;
  /** Open {@link Partitions.hold} calls; while > 0, events update the member set only. */
  private holds = 0;
  /** The last membership change applied while held: the cause {@link Partitions.release} reports. */
  private heldCause: ChangeCause | undefined;
  private reportingError = false;
  /** True inside the constructor, where nobody can have subscribed to `error` yet. */
  private constructing = true;
  private closed = false;
  private current: PartitionTable;
  private currentEpoch = 0;

  /** Use {@link createPartitions}. */
  constructor(source: MembershipSource<M>, options: PartitionsOptions<M> = {}) {
    this.options = resolveOptions(options);
    this.source = source;
    this.emitter = new TypedEmitter<PartitionsEvents>((error) => {
      this.reportError(error);
    });
    this.handoff = new Handoff(
      this.options.redundancy,
      this.options.hooks,
      (t) => this.emitter.emit('handoff', t),
      (e) => {
        this.reportError(e);
      },
    );
    this.current = emptyTable(this.options.partitions, this.options.redundancy);
    for (const member of source.members()) {
      const name = memberName(member);
      this.known.set(name, member);
      if (this.passes(member)) this.eligible.add(name);
    }
    if (this.eligible.size > 0)
      this.recompute({ event: 'initial', member: this.options.localName ?? '' });
    this.listeners = {
      join: (m) => this.enqueue('join', m),
      leave: (m) => this.enqueue('leave', m),
      update: (m) => this.enqueue('update', m),
    };
    for (const event of ['join', 'leave', 'update'] as const)
      source.on(event, this.listeners[event]);
    this.constructing = false;
  }

  /** Epoch of the current table: 0 for the empty table, +1 per change event. */
  get epoch(): number {
    return this.currentEpoch;
  }

  /**
   * Hold recomputation: membership events keep updating the member set, but the table is
   * recomputed only at the matching {@link Partitions.release}, as at most one `change` event (its
   * cause is the last event held). Use it around a burst the member set goes through at once —
   * typically joining a large cluster, whose first state exchange reports every member — so
   * listeners and handoff hooks see one change instead of one per member, through intermediate
   * tables nobody else ever had. Holds nest.
   *
   * @throws PartitionsError `ERR_CLOSED` after {@link Partitions.close}.
   */
  hold(): void {
    if (this.closed) throw new PartitionsError('ERR_CLOSED', 'partitions are closed');
    this.holds++;
  }

  /**
   * End one {@link Partitions.hold}; the last one recomputes the table from the member set as it
   * is now, emitting one `change` event when some slot changed. A release without a hold, or after
   * {@link Partitions.close}, does nothing.
   */
  release(): void {
    if (this.holds === 0 || this.closed) return;
    if (--this.holds > 0) return;
    const cause = this.heldCause;
    this.heldCause = undefined;
    if (cause !== undefined) this.recompute(cause);
  }

  /** The current table (frozen). */
  get table(): PartitionTable {
    return this.current;
  }

  /** Names of the members that take part (passed the tag filter), ascending. */
  get memberNames(): readonly string[] {
    return this.current.members;
  }

  /**
   * The member record with this name, if it takes part.
   *
   * @param name - member name.
   */
  member(name: string): M | undefined {
    return this.eligible.has(name) ? this.known.get(name) : undefined;
  }

  /**
   * Partition of a key.
   *
   * @param key - string (UTF-8) or bytes.
   * @throws PartitionsError `ERR_INVALID_KEY`
   */
  partitionOf(key: Key): number {
    return partitionFor(this.options.partitioner, key, this.options.partitions);
  }

  /**
   * Explain a key's placement: its hash and partition, each replica's owner with its rendezvous
   * score and rank, the better-scoring members passed over (and why), the load cap, and the
   * source's members excluded by the tag filter. For operators' tools, not hot paths.
   *
   * @param key - string (UTF-8) or bytes.
   * @throws PartitionsError `ERR_INVALID_KEY`
   */
  explainKey(key: Key): KeyPartitionExplanation {
    const partition = this.partitionOf(key);
    const standard = this.options.partitioner === xxhash64Partitioner;
    const excluded: { name: string; reason: 'tag-mismatch' }[] = [];
    for (const name of [...this.known.keys()].sort())
      if (!this.eligible.has(name)) excluded.push({ name, reason: 'tag-mismatch' });
    return explainKeyPlacement(
      this.current,
      key,
      partition,
      standard ? { partitions: this.options.partitions } : null,
      this.options.maxLoadFactor,
      excluded,
    );
  }

  /**
   * Owners of a partition in replica order (replica 0 first).
   *
   * @param partition - integer in `[0, P)`.
   * @throws PartitionsError `ERR_UNKNOWN_PARTITION`
   */
  ownersOf(partition: number): M[] {
    return partitionOwners(this.current, partition).map((name) => this.known.get(name)!);
  }

  /**
   * Owner of one slot, or `undefined` when it is unowned.
   *
   * @param partition - integer in `[0, P)`.
   * @param replica - integer in `[0, R)`.
   * @throws PartitionsError `ERR_UNKNOWN_PARTITION`, `ERR_INVALID_REPLICA`
   */
  ownerOf(partition: number, replica: number): M | undefined {
    const name = slotOwner(this.current, partition, replica);
    return name === null ? undefined : this.known.get(name);
  }

  /**
   * Members responsible for a key, in preference order (replica 0 first): Dynamo's preference list.
   *
   * @param key - string (UTF-8) or bytes.
   * @throws PartitionsError `ERR_INVALID_KEY`
   */
  membersForKey(key: Key): M[] {
    return this.ownersOf(this.partitionOf(key));
  }

  /**
   * True when the current table makes the local member an owner (any replica) of the partition.
   * Always false without `localName`.
   *
   * @param partition - integer in `[0, P)`.
   * @throws PartitionsError `ERR_UNKNOWN_PARTITION`
   */
  ownedByMe(partition: number): boolean {
    const owners = partitionOwners(this.current, partition);
    const me = this.options.localName;
    return me !== undefined && owners.includes(me);
  }

  /**
   * Handoff state of a local slot (`released` for a slot never owned).
   *
   * @param partition - integer in `[0, P)`.
   * @param replica - integer in `[0, R)`.
   * @throws PartitionsError `ERR_UNKNOWN_PARTITION`, `ERR_INVALID_REPLICA`
   */
  slotState(partition: number, replica: number): SlotState {
    slotOwner(this.current, partition, replica);
    return this.handoff.state(partition, replica);
  }

  /**
   * Iterate change events from now on. Each iterator has its own bounded buffer (drop-oldest,
   * then a {@link LaggedMarker}); it ends on `close()` and rejects with `ERR_ABORTED` on abort.
   *
   * @param options - `signal` and `bufferSize`.
   * @throws PartitionsError `ERR_CLOSED`, `ERR_INVALID_OPTION`
   */
  changes(options: StreamOptions = {}): AsyncIterableIterator<ChangeEvent | LaggedMarker> {
    if (this.closed) throw new PartitionsError('ERR_CLOSED', 'partitions closed');
    // An already-aborted signal makes the constructor call `detach` before `stream` is assigned:
    // go through a variable that is still undefined then (a const would throw a ReferenceError).
    let subscribed: ChangeStream<ChangeEvent> | undefined;
    const stream = new ChangeStream<ChangeEvent>(
      options.bufferSize ?? this.options.bufferSize,
      () => {
        if (subscribed !== undefined) this.streams.delete(subscribed);
      },
      options.signal,
    );
    if (options.signal?.aborted !== true) {
      subscribed = stream;
      this.streams.add(stream);
    }
    return stream;
  }

  /**
   * Add a listener.
   *
   * @param event - `change`, `handoff` or `error`.
   * @param fn - listener.
   */
  on<K extends keyof PartitionsEvents>(event: K, fn: PartitionsEvents[K]): this {
    this.emitter.on(event, fn);
    return this;
  }

  /**
   * Add a one-shot listener.
   *
   * @param event - `change`, `handoff` or `error`.
   * @param fn - listener.
   */
  once<K extends keyof PartitionsEvents>(event: K, fn: PartitionsEvents[K]): this {
    this.emitter.once(event, fn);
    return this;
  }

  /**
   * Remove a listener.
   *
   * @param event - `change`, `handoff` or `error`.
   * @param fn - listener.
   */
  off<K extends keyof PartitionsEvents>(event: K, fn: PartitionsEvents[K]): this {
    this.emitter.off(event, fn);
    return this;
  }

  /** Resolves when no handoff hook is running or queued. */
  settled(): Promise<void> {
    return this.handoff.settled();
  }

  /**
   * Detach from the source, end every iterator, abort running hooks' signals. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const event of ['join', 'leave', 'update'] as const)
      this.source.off(event, this.listeners[event]);
    this.handoff.close();
    for (const stream of [...this.streams]) stream.end();
    this.streams.clear();
    this.queue.length = 0;
  }

  private enqueue(event: MembershipEventName, member: M): void {
    if (this.closed) return;
    this.queue.push({ event, member });
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift())
        this.apply(next.event, next.member);
    } finally {
      this.draining = false;
    }
  }

  private apply(event: MembershipEventName, member: M): void {
    let name: string;
    try {
      name = memberName(member);
    } catch (error) {
      this.reportError(error);
      return;
    }
    if (event === 'leave') {
      this.known.delete(name);
      if (!this.eligible.delete(name)) return;
    } else {
      this.known.set(name, member);
      const was = this.eligible.has(name);
      const now = this.passes(member);
      if (was === now) return;
      if (now) this.eligible.add(name);
      else this.eligible.delete(name);
    }
    if (this.holds > 0) this.heldCause = { event, member: name };
    else this.recompute({ event, member: name });
  }

  private recompute(cause: ChangeCause): void {
    const { partitions, redundancy, maxLoadFactor, localName } = this.options;
    const next = assign(this.eligible, { partitions, redundancy, maxLoadFactor });
    const previous = this.current;
    const changes = diffTables(previous, next);
    this.current = next;
    if (changes.length === 0) return;
    const epoch = ++this.currentEpoch;
    const view =
      localName === undefined
        ? { acquired: [], released: [] }
        : localView(previous, next, localName, changes);
    const event: ChangeEvent = Object.freeze({
      type: 'change',
      epoch,
      cause: Object.freeze({ ...cause }),
      table: next,
      changes: Object.freeze(changes),
      acquired: view.acquired,
      released: view.released,
    });
    this.emitter.emit('change', event);
    for (const stream of this.streams) stream.push(event);
    this.handoff.apply(view, epoch);
  }

  private passes(member: M): boolean {
    let tags;
    try {
      tags = this.options.tagsOf(member);
    } catch (cause) {
      this.reportError(
        new PartitionsError('ERR_INVALID_MEMBER', `tagsOf failed for member ${member.name}`, {
          cause,
        }),
      );
      return false;
    }
    return this.options.filter(tags);
  }

  private reportError(error: unknown): void {
    if (this.constructing) {
      // E.g. `tagsOf` threw for a current member: report once the caller could attach `on('error')`.
      queueMicrotask(() => {
        this.reportError(error);
      });
      return;
    }
    if (this.emitter.listenerCount('error') > 0 && !this.reportingError) {
      this.reportingError = true;
      try {
        this.emitter.emit('error', error);
      } finally {
        this.reportingError = false;
      }
      return;
    }
    // Node's EventEmitter semantics: an error nobody listens for is not swallowed.
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * Bind partition ownership to a membership source.
 *
 * @example
 * ```ts
 * const source = staticMembership([{ name: 'node-a' }, { name: 'node-b' }, { name: 'node-c' }]);
 * const parts = createPartitions(source, { localName: 'node-a', partitions: 64, redundancy: 2 });
 * parts.membersForKey('user:42'); // [replica 0, replica 1]
 * ```
 *
 * @param source - current members plus join/leave/update events (structural type).
 * @param options - see {@link PartitionsOptions}.
 * @throws PartitionsError `ERR_INVALID_OPTION`, `ERR_INVALID_TAG_PATTERN`, `ERR_INVALID_MEMBER`
 *   (a current member without a name).
 */
export function createPartitions<M extends MemberLike>(
  source: MembershipSource<M>,
  options: PartitionsOptions<M> = {},
): Partitions<M> {
  return new Partitions(source, options);
}
