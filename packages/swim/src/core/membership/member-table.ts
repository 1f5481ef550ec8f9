import type { Member, MemberState } from './member.js';
import { MEMBER_STATE_CODES, bytesEqual, isValidVsn, versionsFromVsn } from './member.js';
import { Suspicion } from './suspicion.js';
import { MAX_INCARNATION, nextIncarnation, refuteIncarnation } from './incarnation.js';
import type { Refutation } from './incarnation.js';

/** An alive claim: from an alive message or an alive push/pull entry. */
export interface AliveClaim {
  readonly name: string;
  readonly address: string;
  readonly meta: Uint8Array;
  readonly incarnation: number;
  readonly vsn: Uint8Array;
}

/** A suspect or dead claim about `name`, made by `from`. */
export interface Accusation {
  readonly name: string;
  readonly incarnation: number;
  readonly from: string;
}

/** A member record as the table keeps it (read-only outside {@link MemberTable}). */
export interface MemberRecord {
  readonly name: string;
  readonly address: string;
  readonly meta: Uint8Array;
  readonly vsn: Uint8Array;
  readonly state: MemberState;
  readonly incarnation: number;
  /** Clock time (ms) of the last state change. */
  readonly stateChangeAt: number;
}

/** {@link MemberState} by its wire number (the low two bits of a record's packed word). */
const STATES: readonly MemberState[] = ['alive', 'suspect', 'dead', 'left'];

/**
 * The table's record: three fields. The identity (name, address, metadata, version bytes) is the
 * alive claim that last set it, kept by reference: claims are immutable, so a process running
 * many members with one interner (a simulator) stores each identity once for all the tables that
 * hold it, instead of four fields per member pair. The claim's own incarnation is not the
 * record's (suspect and dead claims raise the record's without changing its identity). State and
 * incarnation share one number, `incarnation × 4 + state`: exact for every incarnation up to
 * 2³² − 1, and a small integer stored inline (no boxed double) up to 2²⁹.
 */
class TableRecord implements MemberRecord {
  identity: AliveClaim;
  #packed: number;
  stateChangeAt: number;

  constructor(identity: AliveClaim, state: MemberState, incarnation: number, now: number) {
    this.identity = identity;
    this.#packed = incarnation * 4 + MEMBER_STATE_CODES[state];
    this.stateChangeAt = now;
  }

  get state(): MemberState {
    // `& 3` reads the low bits also above 2³¹ (ToInt32 keeps them).
    return STATES[this.#packed & 3]!;
  }

  set state(state: MemberState) {
    this.#packed = this.#packed - (this.#packed & 3) + MEMBER_STATE_CODES[state];
  }

  get incarnation(): number {
    return Math.floor(this.#packed / 4);
  }

  set incarnation(incarnation: number) {
    this.#packed = incarnation * 4 + (this.#packed & 3);
  }

  get name(): string {
    return this.identity.name;
  }

  get address(): string {
    return this.identity.address;
  }

  get meta(): Uint8Array {
    return this.identity.meta;
  }

  get vsn(): Uint8Array {
    return this.identity.vsn;
  }
}

/** What the shell must do after an alive claim. */
export type AliveOutcome =
  | { readonly kind: 'ignored' }
  /**
   * The name is held at another address. `reclaimableAt` is set when that is only because the
   * old address was declared dead less than the reclaim time ago: the clock time (ms) from which
   * the same claim would move the name.
   */
  | { readonly kind: 'conflict'; readonly reclaimableAt?: number }
  /** The claim was about us and contradicts us: broadcast a fresh alive at `incarnation`. */
  | ({ readonly kind: 'refute' } & Refutation)
  /** Applied: gossip it on; `event` says what the application should hear (if anything). */
  | {
      readonly kind: 'applied';
      readonly record: MemberRecord;
      readonly event: 'join' | 'update' | 'alive' | undefined;
      readonly isNew: boolean;
    };

/** What the shell must do after a suspect claim. */
export type SuspectOutcome =
  | { readonly kind: 'ignored' }
  | ({ readonly kind: 'refute' } & Refutation)
  /** A new confirmation of an existing suspicion: re-gossip it and re-arm the timer. */
  | { readonly kind: 'confirmed'; readonly suspicion: Suspicion }
  /** Newly suspect: gossip it, arm a timer for `suspicion.deadline()`, emit `suspect`. */
  | { readonly kind: 'applied'; readonly record: MemberRecord; readonly suspicion: Suspicion };

/** What the shell must do after a dead claim. */
export type DeadOutcome =
  | { readonly kind: 'ignored' }
  | ({ readonly kind: 'refute' } & Refutation)
  /** Applied: gossip it on, emit `leave`; `record.state` is `dead` or `left`. */
  | { readonly kind: 'applied'; readonly record: MemberRecord };

/** Parameters of a new suspicion, computed by the shell from the cluster size. */
export interface SuspicionParams {
  readonly k: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * The member list and memberlist's incarnation/state rules (`state.go`: `aliveNode`,
 * `suspectNode`, `deadNode`, `refute`), as synchronous transitions without I/O. Each method
 * returns what the shell has to do (gossip, refute, arm a timer, emit an event); the table itself
 * never sends, schedules or emits anything.
 */
export class MemberTable {
  /** This node's name. */
  readonly localName: string;
  readonly #records = new Map<string, TableRecord>();
  /** Cached immutable snapshots (see {@link MemberTable.snapshot}); dropped on every change. */
  readonly #snapshots = new Map<MemberRecord, Member>();
  readonly #suspicions = new Map<string, Suspicion>();
  #alive = 0;
  #leaving = false;
  readonly #maxJump: number;

  /**
   * @param local - this node's own alive claim (incarnation ≥ 1).
   * @param now - clock time (ms).
   * @param maxIncarnationJump - a claim about us more than this far above our incarnation is not
   *   chased when refuting (see `refuteIncarnation`). @default 65536
   */
  constructor(local: AliveClaim, now: number, maxIncarnationJump = 65_536) {
    this.localName = local.name;
    this.#maxJump = maxIncarnationJump;
    this.#records.set(local.name, new TableRecord({ ...local }, 'alive', local.incarnation, now));
    this.#alive = 1;
  }

  /** Every known member in any state, self included (memberlist's estimate of `n`). */
  get size(): number {
    return this.#records.size;
  }

  /** Members currently alive or suspect, self included. */
  get liveCount(): number {
    return this.#alive;
  }

  /** This node's own record. */
  get local(): MemberRecord {
    return this.#local();
  }

  #local(): TableRecord {
    return this.#records.get(this.localName)!;
  }

  /** True once {@link MemberTable.markLeaving} was called. */
  get leaving(): boolean {
    return this.#leaving;
  }

  /** Stop refuting death claims about ourselves (graceful leave in progress). */
  markLeaving(): void {
    this.#leaving = true;
  }

  /** @param name - member name. */
  get(name: string): MemberRecord | undefined {
    return this.#records.get(name);
  }

  /** The active suspicion about `name`, if any. */
  suspicion(name: string): Suspicion | undefined {
    return this.#suspicions.get(name);
  }

  /** Iterate over all records (any state). */
  records(): IterableIterator<MemberRecord> {
    return this.#records.values();
  }

  /** Forget a member entirely (after `gossipToTheDeadTime`). Never forgets self. */
  remove(name: string): boolean {
    if (name === this.localName) return false;
    const rec = this.#records.get(name);
    if (rec === undefined) return false;
    if (rec.state === 'alive' || rec.state === 'suspect') this.#alive--;
    this.#suspicions.delete(name);
    this.#changed(rec);
    return this.#records.delete(name);
  }

  /**
   * An immutable snapshot of a record (cached until the record changes).
   *
   * @param rec - a record of this table.
   */
  snapshot(rec: MemberRecord): Member {
    let s = this.#snapshots.get(rec);
    if (s === undefined) {
      const v = versionsFromVsn(rec.vsn);
      s = Object.freeze({
        name: rec.name,
        address: rec.address,
        meta: rec.meta,
        state: rec.state,
        incarnation: rec.incarnation,
        protocol: v.protocol,
        delegate: v.delegate,
      });
      this.#snapshots.set(rec, s);
    }
    return s;
  }

  /** A record changed: its cached snapshot is stale. */
  #changed(rec: TableRecord): void {
    if (this.#snapshots.size !== 0) this.#snapshots.delete(rec);
  }

  #setState(rec: TableRecord, state: MemberState, now: number): void {
    const wasLive = rec.state === 'alive' || rec.state === 'suspect';
    const isLive = state === 'alive' || state === 'suspect';
    if (wasLive && !isLive) this.#alive--;
    else if (!wasLive && isLive) this.#alive++;
    if (rec.state !== state) rec.stateChangeAt = now;
    rec.state = state;
    this.#changed(rec);
  }

  /**
   * Raise our own incarnation above `accused` (memberlist `refute`), saturating at 2³² − 1 and
   * not chasing implausible accusations (see `refuteIncarnation`).
   *
   * @param accused - the incarnation in the claim being refuted.
   */
  refute(accused: number): Refutation {
    const local = this.#local();
    const r = refuteIncarnation(local.incarnation, accused, this.#maxJump);
    local.incarnation = r.incarnation;
    this.#changed(local);
    return r;
  }

  /**
   * Replace our own metadata and bump our incarnation (for `updateMeta`).
   *
   * @param meta - new metadata.
   * @returns the new incarnation.
   */
  updateLocalMeta(meta: Uint8Array): number {
    const local = this.#local();
    local.incarnation = nextIncarnation(local.incarnation);
    local.identity = { ...local.identity, meta, incarnation: local.incarnation };
    this.#changed(local);
    return local.incarnation;
  }

  /**
   * Apply an alive claim (memberlist `aliveNode`).
   *
   * @param a - the claim.
   * @param now - clock time (ms).
   * @param reclaimAfterMs - a dead member's name may move to a new address after this long (0 = never).
   */
  applyAlive(a: AliveClaim, now: number, reclaimAfterMs: number): AliveOutcome {
    const isLocal = a.name === this.localName;
    if (isLocal && this.#leaving) return IGNORED;
    if (!isValidVsn(a.vsn)) return IGNORED;
    let rec = this.#records.get(a.name);
    let isNew = false;
    let updatesAddress = false;
    if (rec === undefined) {
      // memberlist creates the node as dead at incarnation 0, so incarnation 0 never becomes alive.
      if (a.incarnation === 0) return IGNORED;
      rec = new TableRecord(a, 'dead', 0, now);
      this.#records.set(a.name, rec);
      isNew = true;
    } else if (rec.address !== a.address && !isLocal) {
      const reclaimableAt = rec.stateChangeAt + reclaimAfterMs;
      const reclaimable =
        rec.state === 'left' ||
        (rec.state === 'dead' && reclaimAfterMs > 0 && now >= reclaimableAt);
      if (!reclaimable)
        return rec.state === 'dead' && reclaimAfterMs > 0
          ? { kind: 'conflict', reclaimableAt }
          : CONFLICT;
      updatesAddress = true;
    }
    if (isLocal) {
      if (a.incarnation < rec.incarnation) return IGNORED;
      if (
        a.incarnation === rec.incarnation &&
        bytesEqual(a.meta, rec.meta) &&
        bytesEqual(a.vsn, rec.vsn)
      )
        return IGNORED;
      return { kind: 'refute', ...this.refute(a.incarnation) };
    }
    // Ring: at the saturated incarnation an alive overrides suspect/dead at the same incarnation,
    // so a member pushed to 2³² − 1 can still refute (it cannot go higher).
    const saturatedRefute =
      a.incarnation === MAX_INCARNATION &&
      rec.incarnation === MAX_INCARNATION &&
      (rec.state === 'suspect' || rec.state === 'dead');
    if (a.incarnation <= rec.incarnation && !updatesAddress && !saturatedRefute) return IGNORED;
    this.#suspicions.delete(a.name);
    const oldState = rec.state;
    const changed = !bytesEqual(rec.meta, a.meta) || rec.address !== a.address;
    rec.incarnation = a.incarnation;
    rec.identity = a;
    this.#changed(rec);
    this.#setState(rec, 'alive', now);
    let event: 'join' | 'update' | 'alive' | undefined;
    if (oldState === 'dead' || oldState === 'left') event = 'join';
    else if (changed) event = 'update';
    else if (oldState === 'suspect') event = 'alive';
    return { kind: 'applied', record: rec, event, isNew };
  }

  /**
   * Apply a suspect claim (memberlist `suspectNode`).
   *
   * @param s - the claim.
   * @param now - clock time (ms).
   * @param params - timeout parameters for a new suspicion.
   */
  applySuspect(s: Accusation, now: number, params: SuspicionParams): SuspectOutcome {
    const rec = this.#records.get(s.name);
    if (rec === undefined || s.incarnation < rec.incarnation) return IGNORED;
    const existing = this.#suspicions.get(s.name);
    if (existing !== undefined) {
      return existing.confirm(s.from) ? { kind: 'confirmed', suspicion: existing } : IGNORED;
    }
    if (rec.state !== 'alive') return IGNORED;
    if (s.name === this.localName) {
      if (this.#leaving) return IGNORED;
      return { kind: 'refute', ...this.refute(s.incarnation) };
    }
    rec.incarnation = s.incarnation;
    this.#setState(rec, 'suspect', now);
    const suspicion = new Suspicion(s.from, params.k, params.minMs, params.maxMs, now);
    this.#suspicions.set(s.name, suspicion);
    return { kind: 'applied', record: rec, suspicion };
  }

  /**
   * Apply a dead claim (memberlist `deadNode`); `from === name` means a graceful leave.
   *
   * @param d - the claim.
   * @param now - clock time (ms).
   */
  applyDead(d: Accusation, now: number): DeadOutcome {
    const rec = this.#records.get(d.name);
    if (rec === undefined || d.incarnation < rec.incarnation) return IGNORED;
    this.#suspicions.delete(d.name);
    if (rec.state === 'dead' || rec.state === 'left') return IGNORED;
    if (d.name === this.localName && !this.#leaving) {
      return { kind: 'refute', ...this.refute(d.incarnation) };
    }
    rec.incarnation = d.incarnation;
    this.#setState(rec, d.from === d.name ? 'left' : 'dead', now);
    return { kind: 'applied', record: rec };
  }

  /**
   * The suspicion timer fired: if `name` is still suspect under the same suspicion, it should be
   * declared dead (the shell turns the returned accusation into a dead message from us).
   *
   * @param name - the suspect.
   * @param suspicion - the suspicion the timer belonged to.
   */
  suspicionExpired(name: string, suspicion: Suspicion): Accusation | undefined {
    const rec = this.#records.get(name);
    if (rec?.state !== 'suspect' || this.#suspicions.get(name) !== suspicion) return undefined;
    return { name, incarnation: rec.incarnation, from: this.localName };
  }
}

const IGNORED = Object.freeze({ kind: 'ignored' as const });
const CONFLICT = Object.freeze({ kind: 'conflict' as const });
