import type { Key } from '@ring/hashring';
import { assign } from './assign.js';
import { ChangeStream, type LaggedMarker, type StreamOptions } from './change-stream.js';
import { diffTables, localView, type Acquisition, type Release, type SlotChange } from './diff.js';
import { TypedEmitter } from './emitter.js';
import { PartitionsError } from './errors.js';
import { Handoff, type HandoffTransition, type SlotState } from './handoff.js';
import type { MemberLike, MembershipEventName, MembershipSource } from './membership.js';
import {
  resolveOptions,
  type PartitionsOptions,
  type ResolvedPartitionsOptions,
} from './options.js';
import { partitionFor, xxhash64Partitioner } from './partition-of.js';
import { explainPartition, type PartitionExplanation } from './explain-partition.js';
import { hash64 } from '@ring/hashring';
import { emptyTable, partitionOwners, slotOwner, type PartitionTable } from './table.js';

/** What caused a change: the membership event and the member it was about. */
export interface ChangeCause {
  /**
   * The membership event; `initial` for the first table, computed from the source's members at
   * construction (epoch 1; it reaches the handoff hooks, not listeners — none exist yet).
   */
  readonly event: MembershipEventName | 'initial';
  /** The member's name (for `initial`: the local member's name, or `''`). */
  readonly member: string;
}

/**
 * One batched change: everything one membership change did to the table. Emitted only when at
 * least one slot changed owner.
 */
export interface ChangeEvent {
  /** Discriminant (iterators also yield {@link LaggedMarker}). */
  readonly type: 'change';
  /** Epoch of the new table: increases by one per change event, starting at 1. */
  readonly epoch: number;
  /** The membership event behind this change. */
  readonly cause: ChangeCause;
  /** The new table. */
  readonly table: PartitionTable;
  /** The whole cluster's view: every slot that changed owner. */
  readonly changes: readonly SlotChange[];
  /** The local member's view: slots it gained (with `from`). Empty without `localName`. */
  readonly acquired: readonly Acquisition[];
  /** The local member's view: slots it lost (with `to`). Empty without `localName`. */
  readonly released: readonly Release[];
}

/** Why a key belongs to its partition's owners: {@link Partitions.explainKey}. */
export interface KeyPartitionExplanation extends PartitionExplanation {
  /** The key (as given; bytes are shown as their hex digits). */
  readonly key: string;
  /**
   * The key's 64-bit xxhash as 16 hex digits when the default partitioner is in use (the
   * partition is that hash mod P), else null (a custom partitioner).
   */
  readonly hash: string | null;
  /** How the partition was chosen: `xxhash64(key) mod P`, or `custom partitioner`. */
  readonly partitioner: string;
  /** Members of the source that take no part, and why (today only `tag-mismatch`). */
  readonly excluded: readonly { readonly name: string; readonly reason: 'tag-mismatch' }[];
}

/** Events of a {@link Partitions} instance. */
export interface PartitionsEvents {
  /** The table changed (after the new table is in place). */
  change: (event: ChangeEvent) => void;
  /** A local slot entered a lifecycle state. */
  handoff: (transition: HandoffTransition) => void;
  /** A hook failed (`ERR_HOOK_FAILED`), a member was unusable (`ERR_INVALID_MEMBER`), or a listener threw. */
  error: (error: unknown) => void;
}

/**
 * Partition ownership over a live membership source. Create with {@link createPartitions}.
 *
 * Every membership event is applied synchronously: the member set is filtered by tags, the table
 * recomputed with {@link assign}, diffed against the previous one, and — only when some slot
 * changed — the epoch is bumped and one `change` event is emitted to listeners and to every
 * iterator, then the handoff hooks start. Events raised while a change is being emitted (e.g. a
 * listener that edits a static source) are queued and applied afterwards, never re-entrantly.
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
      const name = checkMember(member);
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
    return {
      key:
        typeof key === 'string'
          ? key
          : Array.from(key, (b) => b.toString(16).padStart(2, '0')).join(''),
      hash: standard ? hash64(key).toString(16).padStart(16, '0') : null,
      partitioner: standard ? `xxhash64(key) mod ${this.options.partitions}` : 'custom partitioner',
      ...explainPartition(this.current, partition, this.options.maxLoadFactor),
      excluded,
    };
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
      name = checkMember(member);
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
    this.recompute({ event, member: name });
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

function checkMember(member: MemberLike): string {
  if (
    typeof member !== 'object' ||
    member === null ||
    typeof member.name !== 'string' ||
    member.name.length === 0
  ) {
    throw new PartitionsError('ERR_INVALID_MEMBER', 'a member needs a non-empty string name');
  }
  return member.name;
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
