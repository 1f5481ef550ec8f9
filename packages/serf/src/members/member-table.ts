/**
 * Serf's membership rules (serf `serf.go`), pure and synchronous: memberlist join/leave/update
 * notifications, join and leave intents with status Lamport times, recent intents for members not
 * yet known, and reaping of failed and left members. Time is passed in (milliseconds).
 */
import type { LamportClock } from './lamport-clock.js';
import type { MemberEventKind, SerfMember } from './member.js';

/** What memberlist (swim) tells us about a node. */
export interface NodeInfo {
  readonly name: string;
  readonly address: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly protocol: readonly [number, number, number];
  readonly delegate: readonly [number, number, number];
}

interface MemberRecord {
  member: SerfMember;
  statusLTime: number;
  /** When it failed or left (ms); 0 while alive. */
  leaveTime: number;
}

interface Intent {
  readonly type: 'join' | 'leave';
  readonly ltime: number;
  readonly at: number;
}

/** A membership event to emit, in order, after the change is committed. */
export interface TableEvent {
  readonly kind: MemberEventKind;
  readonly member: SerfMember;
}

/** Result of handling an intent: whether to re-broadcast it, and whether to refute a leave of ourselves. */
export interface IntentOutcome {
  readonly rebroadcast: boolean;
  readonly refute: boolean;
}

const NO: IntentOutcome = Object.freeze({ rebroadcast: false, refute: false });
const YES: IntentOutcome = Object.freeze({ rebroadcast: true, refute: false });

/** Serf's member table. Events accumulate in {@link SerfMemberTable.takeEvents}. */
export class SerfMemberTable {
  readonly #members = new Map<string, MemberRecord>();
  readonly #intents = new Map<string, Intent>();
  #failed: string[] = [];
  #left: string[] = [];
  #events: TableEvent[] = [];
  readonly #clock: LamportClock;
  readonly #localName: string;

  /**
   * @param localName - this node's name (a leave intent for it is refuted while alive).
   * @param clock - the member Lamport clock.
   */
  constructor(localName: string, clock: LamportClock) {
    this.#localName = localName;
    this.#clock = clock;
  }

  /** Events produced since the last call, in order. */
  takeEvents(): TableEvent[] {
    const e = this.#events;
    this.#events = [];
    return e;
  }

  /** Every known member (any status). */
  members(): SerfMember[] {
    return [...this.#members.values()].map((r) => r.member);
  }

  /** One member by name. */
  get(name: string): SerfMember | undefined {
    return this.#members.get(name)?.member;
  }

  /** Status Lamport time of a member (0 if unknown). */
  statusLTime(name: string): number {
    return this.#members.get(name)?.statusLTime ?? 0;
  }

  /** Names and status times of every member, for push/pull. */
  statusLTimes(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, r] of this.#members) out.set(name, r.statusLTime);
    return out;
  }

  /** Names of left members, for push/pull. */
  leftMembers(): readonly string[] {
    return this.#left;
  }

  /** Members counted as failed. */
  failedMembers(): readonly string[] {
    return this.#failed;
  }

  /** Whether any other member is alive (Serf waits for the leave broadcast only then). */
  hasAliveMembers(): boolean {
    for (const r of this.#members.values())
      if (r.member.name !== this.#localName && r.member.status === 'alive') return true;
    return false;
  }

  #set(r: MemberRecord, patch: Partial<SerfMember>): void {
    r.member = Object.freeze({ ...r.member, ...patch });
  }

  /** memberlist NotifyJoin: a node is alive (new, or back from failed/left). */
  nodeJoined(n: NodeInfo): void {
    let r = this.#members.get(n.name);
    if (r === undefined) {
      r = {
        member: Object.freeze({ ...n, status: 'alive' }),
        statusLTime: 0,
        leaveTime: 0,
      };
      const intent = this.#intents.get(n.name);
      if (intent?.type === 'join') r.statusLTime = intent.ltime;
      if (intent?.type === 'leave') {
        r.statusLTime = intent.ltime;
        this.#set(r, { status: 'leaving' });
      }
      this.#members.set(n.name, r);
    } else {
      this.#set(r, { ...n, status: 'alive' });
      r.leaveTime = 0;
    }
    this.#failed = this.#failed.filter((x) => x !== n.name);
    this.#left = this.#left.filter((x) => x !== n.name);
    this.#events.push({ kind: 'member-join', member: r.member });
  }

  /** memberlist NotifyLeave: leaving → left, alive → failed. */
  nodeLeft(name: string, now: number): void {
    const r = this.#members.get(name);
    if (r === undefined) return;
    if (r.member.status === 'leaving') {
      this.#set(r, { status: 'left' });
      r.leaveTime = now;
      this.#left.push(name);
      this.#events.push({ kind: 'member-leave', member: r.member });
    } else if (r.member.status === 'alive') {
      this.#set(r, { status: 'failed' });
      r.leaveTime = now;
      this.#failed.push(name);
      this.#events.push({ kind: 'member-failed', member: r.member });
    }
  }

  /** memberlist NotifyUpdate: new address or tags. */
  nodeUpdated(n: NodeInfo): void {
    const r = this.#members.get(n.name);
    if (r === undefined) return;
    this.#set(r, { ...n, status: r.member.status });
    this.#events.push({ kind: 'member-update', member: r.member });
  }

  #upsertIntent(node: string, type: 'join' | 'leave', ltime: number, now: number): boolean {
    const cur = this.#intents.get(node);
    if (cur === undefined || ltime > cur.ltime) {
      this.#intents.set(node, { type, ltime, at: now });
      return true;
    }
    return false;
  }

  /**
   * A join intent (Serf `handleNodeJoinIntent`).
   *
   */
  joinIntent(node: string, ltime: number, now: number): IntentOutcome {
    this.#clock.witness(ltime);
    const r = this.#members.get(node);
    if (r === undefined) return this.#upsertIntent(node, 'join', ltime, now) ? YES : NO;
    if (ltime <= r.statusLTime) return NO;
    r.statusLTime = ltime;
    if (r.member.status === 'leaving') this.#set(r, { status: 'alive' });
    return YES;
  }

  /**
   * A leave intent (Serf `handleNodeLeaveIntent`). A leave for ourselves while `selfAlive` is
   * refuted (the caller broadcasts a fresh join intent) and not re-broadcast. `prune` erases the
   * member at once (Serf waits out the broadcast first; the caller may delay).
   */
  leaveIntent(
    node: string,
    ltime: number,
    prune: boolean,
    now: number,
    selfAlive: boolean,
  ): IntentOutcome {
    this.#clock.witness(ltime);
    const r = this.#members.get(node);
    if (r === undefined) return this.#upsertIntent(node, 'leave', ltime, now) ? YES : NO;
    if (ltime <= r.statusLTime) return NO;
    if (node === this.#localName && selfAlive) return { rebroadcast: false, refute: true };
    r.statusLTime = ltime;
    switch (r.member.status) {
      case 'alive':
        this.#set(r, { status: 'leaving' });
        if (prune) this.#erase(r);
        return YES;
      case 'failed':
        this.#set(r, { status: 'left' });
        this.#failed = this.#failed.filter((x) => x !== node);
        this.#left.push(node);
        this.#events.push({ kind: 'member-leave', member: r.member });
        if (prune) this.#erase(r);
        return YES;
      case 'leaving':
      case 'left':
        if (prune) this.#erase(r);
        return YES;
      default:
        return NO;
    }
  }

  #erase(r: MemberRecord): void {
    const name = r.member.name;
    this.#members.delete(name);
    this.#failed = this.#failed.filter((x) => x !== name);
    this.#left = this.#left.filter((x) => x !== name);
    this.#events.push({ kind: 'member-reap', member: r.member });
  }

  /**
   * Serf `handleReap`: erase failed members older than `reconnectTimeoutMs`, left members older
   * than `tombstoneTimeoutMs`, and intents older than `recentIntentTimeoutMs`.
   */
  reap(
    now: number,
    timeouts: {
      readonly reconnectTimeoutMs: number;
      readonly tombstoneTimeoutMs: number;
      readonly recentIntentTimeoutMs: number;
    },
  ): void {
    for (const name of [...this.#failed]) {
      const r = this.#members.get(name);
      if (r !== undefined && now - r.leaveTime > timeouts.reconnectTimeoutMs) this.#erase(r);
    }
    for (const name of [...this.#left]) {
      const r = this.#members.get(name);
      if (r !== undefined && now - r.leaveTime > timeouts.tombstoneTimeoutMs) this.#erase(r);
    }
    for (const [node, intent] of this.#intents)
      if (now - intent.at > timeouts.recentIntentTimeoutMs) this.#intents.delete(node);
  }

  /** Pending intents (for tests and diagnostics). */
  get intentCount(): number {
    return this.#intents.size;
  }
}
