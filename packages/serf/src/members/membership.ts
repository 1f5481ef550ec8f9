/**
 * Serf's membership layer over swim: the member Lamport clock, the member table, join and leave
 * intents (received, gossiped, refuted), swim's join/leave/update notifications and the member
 * part of push/pull state. Table events are handed to `emit` by {@link SerfMembership.flush}.
 */
import type { Clock } from '@ring/base';
import type { Logger, Member, Metrics } from '@ring/swim';
import type { SerfEvent } from '../events/events.js';
import { encodeJoin, encodeLeave } from '../wire/messages.js';
import type { JoinIntent, LeaveIntent, PushPullState } from '../wire/messages.js';
import { decodeSerfTags } from '../wire/tags.js';
import { LamportClock } from './lamport-clock.js';
import { SerfMemberTable } from './member-table.js';
import type { NodeInfo } from './member-table.js';

/** What the membership layer needs from the member that owns it. */
export interface MembershipDeps {
  /** This node's name. */
  readonly name: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Gossip an encoded Serf message to the cluster. */
  broadcast(raw: Uint8Array): void;
  /** Queue a member event for delivery. */
  emit(event: SerfEvent): void;
}

/** The member clock and table of one Serf member, and the intent rules around them. */
export class SerfMembership {
  /** The member Lamport clock (join/leave intents). */
  readonly clock = new LamportClock(1);
  /** Every known member. */
  readonly table: SerfMemberTable;
  readonly #deps: MembershipDeps;

  /** @param deps - see {@link MembershipDeps}. */
  constructor(deps: MembershipDeps) {
    this.#deps = deps;
    this.table = new SerfMemberTable(deps.name, this.clock);
  }

  /** What the table records about a swim member (tags decoded from its meta). */
  info(m: Member): NodeInfo {
    let tags: Record<string, string>;
    try {
      tags = decodeSerfTags(m.meta);
    } catch (err) {
      this.#deps.metrics.increment('ring_serf_decode_errors_total', 1, { what: 'tags' });
      this.#deps.logger.debug({ err, node: m.name }, 'cannot decode tags');
      tags = {};
    }
    return {
      name: m.name,
      address: m.address,
      tags,
      protocol: [m.protocol.min, m.protocol.max, m.protocol.cur],
      delegate: [m.delegate.min, m.delegate.max, m.delegate.cur],
    };
  }

  /** A swim notification about a member. */
  onSwim(kind: 'join' | 'leave' | 'update', m: Member): void {
    if (kind === 'join') this.table.nodeJoined(this.info(m));
    else if (kind === 'update') this.table.nodeUpdated(this.info(m));
    else this.table.nodeLeft(m.name, this.#deps.clock.now());
  }

  /** Hand the table's pending member events to `emit`, in order. */
  flush(): void {
    for (const e of this.table.takeEvents()) this.#deps.emit({ type: e.kind, member: e.member });
  }

  /** Record and gossip our own join intent at `ltime` (Serf `broadcastJoin`). */
  broadcastJoin(ltime: number): void {
    this.clock.witness(ltime);
    this.table.joinIntent(this.#deps.name, ltime, this.#deps.clock.now());
    this.#deps.broadcast(encodeJoin({ ltime, node: this.#deps.name }));
  }

  /** Our own leave intent, recorded in the table; returns it encoded for gossip. */
  leaveSelf(): Uint8Array {
    const msg: LeaveIntent = { ltime: this.clock.time(), node: this.#deps.name, prune: false };
    this.clock.increment();
    this.table.leaveIntent(msg.node, msg.ltime, false, this.#deps.clock.now(), false);
    return encodeLeave(msg);
  }

  /**
   * A received leave intent; a leave of ourselves while `alive` is refuted with a join.
   *
   * @returns whether to re-broadcast it.
   */
  onLeaveIntent(m: LeaveIntent, alive: boolean): boolean {
    const out = this.table.leaveIntent(m.node, m.ltime, m.prune, this.#deps.clock.now(), alive);
    if (out.refute) this.broadcastJoin(this.clock.time());
    return out.rebroadcast;
  }

  /**
   * A received join intent.
   *
   * @returns whether to re-broadcast it.
   */
  onJoinIntent(m: JoinIntent): boolean {
    return this.table.joinIntent(m.node, m.ltime, this.#deps.clock.now()).rebroadcast;
  }

  /** The member part of our push/pull state. */
  localState(): Pick<PushPullState, 'ltime' | 'statusLTimes' | 'leftMembers'> {
    return {
      ltime: this.clock.time(),
      statusLTimes: this.table.statusLTimes(),
      leftMembers: this.table.leftMembers(),
    };
  }

  /** Merge the member part of a peer's push/pull state (left members first, then the rest). */
  mergeRemoteState(pp: PushPullState, alive: boolean): void {
    if (pp.ltime > 0) this.clock.witness(pp.ltime - 1);
    const now = this.#deps.clock.now();
    const left = new Set(pp.leftMembers);
    for (const name of left) {
      const ltime = (pp.statusLTimes.get(name) ?? 0) + 1;
      const out = this.table.leaveIntent(name, ltime, false, now, alive);
      if (out.refute) this.broadcastJoin(this.clock.time());
    }
    for (const [name, ltime] of pp.statusLTimes) {
      if (!left.has(name)) this.table.joinIntent(name, ltime, now);
    }
  }
}
