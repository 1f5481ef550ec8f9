/**
 * Applying membership claims (alive, suspect, dead) through the member table and acting on the
 * outcome: gossip it on, arm or cancel suspicion timers, refute, queue events.
 */
import { TokenBucket, isValidMemberName } from '../../core/admission.js';
import { isImplausibleJump } from '../../core/membership/incarnation.js';
import type { Refutation } from '../../core/membership/incarnation.js';
import type { Accusation, AliveClaim, MemberRecord } from '../../core/membership/member-table.js';
import type { Suspicion } from '../../core/membership/suspicion.js';
import type { RefusalTransport } from '../../core/refusals.js';
import { aliveMessage, deadMessage, suspectMessage } from '../member-messages.js';
import { ReclaimHolds } from './reclaim-holds.js';
import { StaleClaimLimiter } from './stale-claim-limiter.js';
import { recordHistory, recordRefute } from '../../observe/explain-member.js';
import type { HistoryVia } from '../../observe/member-history.js';
import { refuse } from '../../observe/refusal-count.js';
import type { Run } from '../run-context.js';
import { applyAwareness, isMemberAddress, suspicionParams } from '../run-context.js';
import { SuspicionTimers } from './suspicion-timers.js';

/** Where a claim came from when the caller does not say: a packet (raw bytes) or this node. */
const viaOf = (raw: Uint8Array | undefined): HistoryVia => (raw === undefined ? 'local' : 'gossip');

/**
 * Where a claim came from, for the admission and incarnation rules: `undefined` is this node's
 * own verdict (suspicion timeout), trusted. `dialedPeer` names the member we dialled for the
 * push/pull that carried it: that member's own entry may jump incarnations (it is the
 * confirmation), and new names from it are not rate-limited.
 */
export interface ClaimSource {
  /** The path it arrived on. */
  readonly transport: RefusalTransport;
  /** Set when it came from a push/pull this node dialled to that member's address. */
  readonly dialedPeer?: string | undefined;
  /** The address a packet came from (where a stale claim is corrected). */
  readonly from?: string | undefined;
}

/** Claims from gossip packets. */
export const FROM_PACKET: ClaimSource = Object.freeze({ transport: 'udp' });
/** Claims from a push/pull another node dialled. */
export const FROM_INBOUND_STREAM: ClaimSource = Object.freeze({ transport: 'tcp' });

/** What the claims tell anti-entropy (which owns the failed members and the confirmations). */
export interface ClaimHooks {
  /** An implausible incarnation claim about `name` arrived: ask `name` itself. */
  confirmIncarnation(name: string): void;
  /** `name` is alive again. */
  memberAlive(name: string): void;
  /** `name` was declared dead (not left): remember it for partition healing. */
  memberFailed(name: string, address: string, at: number): void;
}

/** Sends `record`'s alive message straight to `address`, which gossiped a stale claim about it. */
export type CorrectStaleClaim = (address: string, record: MemberRecord) => void;

/** The claims of a running node, and the suspicion timers they arm. */
export class StateChanges {
  readonly #run: Run;
  readonly #hooks: ClaimHooks;
  readonly #correct: CorrectStaleClaim;
  /** New member names admitted from unauthenticated sources (`newMembersPerSecond`). */
  readonly #newMembers: TokenBucket;
  /** The suspicion timers (cancelled at shutdown through {@link StateChanges.stop}). */
  readonly #suspicions: SuspicionTimers;
  /** Paces the direct corrections of stale claims. */
  readonly #corrections: StaleClaimLimiter;
  /** Alive claims for dead names from new addresses, held until the reclaim window closes. */
  readonly #reclaims: ReclaimHolds<{ source: ClaimSource | undefined; via: HistoryVia }>;

  /**
   * @param run - the running node.
   * @param hooks - anti-entropy's side of a claim.
   * @param correct - where a stale claim's correction leaves (a packet to its sender).
   */
  constructor(run: Run, hooks: ClaimHooks, correct: CorrectStaleClaim) {
    this.#run = run;
    this.#hooks = hooks;
    this.#correct = correct;
    const env = run.env;
    const o = env.options;
    this.#newMembers = new TokenBucket(o.newMembersPerSecond, o.newMembersBurst, env.clock.now());
    this.#corrections = new StaleClaimLimiter(o.gossipIntervalMs);
    this.#reclaims = new ReclaimHolds(
      (fn, delayMs) => run.timers.schedule(fn, delayMs),
      (claim, { source, via }) => this.handleAlive(claim, undefined, source, via),
    );
    this.#suspicions = new SuspicionTimers(
      env.clock,
      () => run.phase === 'shutdown',
      (name, suspicion) => this.#expire(name, suspicion),
    );
  }

  /** Cancel every suspicion timer (shutdown). */
  stop(): void {
    this.#suspicions.cancelAll();
  }

  /** Gossip an alive message for a member record. */
  enqueueAlive(rec: MemberRecord): void {
    this.#run.env.gossipQueue.enqueue({ message: aliveMessage(rec), name: rec.name });
  }

  /** Apply an alive claim and act on the outcome (gossip it on, track a new member, emit join/update/alive). */
  handleAlive(
    input: AliveClaim,
    raw: Uint8Array | undefined,
    source?: ClaimSource,
    via: HistoryVia = viaOf(raw),
  ): void {
    const { env, table: t } = this.#run;
    if (source !== undefined && this.#refuseNewName(input, source)) return;
    if (this.#refuseJump(input.name, input.incarnation, source)) return;
    const claim = env.intern(input);
    const out = t.applyAlive(claim, env.clock.now(), env.options.deadNodeReclaimTimeMs);
    switch (out.kind) {
      case 'ignored':
        return;
      case 'conflict':
        if (out.reclaimableAt !== undefined) {
          // docs/PROTOCOL.md §21: offered again when the dead name's reclaim window closes.
          const inMs = out.reclaimableAt - env.clock.now();
          if (this.#reclaims.hold(claim, { source, via }, inMs)) {
            env.metrics.increment('ring_swim_reclaims_held_total');
            env.logger.info(
              { node: claim.name, address: claim.address, inMs },
              'a dead node name claimed from a new address: held until its reclaim window closes',
            );
          }
          return;
        }
        env.logger.warn(
          { node: claim.name, address: claim.address },
          'conflicting address for a known node name',
        );
        return;
      case 'refute':
        recordRefute(env, t, undefined, claim.incarnation, via);
        this.#refuted(out, claim.incarnation, source);
        return;
      case 'applied': {
        if (out.event !== undefined)
          recordHistory(env, out.record, out.event === 'alive' ? 'refuted' : out.event, { via });
        this.#suspicions.cancel(claim.name);
        if (out.isNew && claim.name !== env.name) env.probeOrder.add(claim.name);
        this.#hooks.memberAlive(claim.name);
        if (!env.gossipQueue.muted)
          env.gossipQueue.enqueue({ message: raw ?? aliveMessage(out.record), name: claim.name });
        if (out.event !== undefined && env.events.wants(out.event))
          env.events.queue(out.event, t.snapshot(out.record));
        return;
      }
    }
  }

  /** Apply a suspect claim: start or confirm a suspicion (re-gossiped, timer re-armed), or refute it. */
  handleSuspect(
    s: Accusation,
    raw: Uint8Array | undefined,
    source?: ClaimSource,
    via: HistoryVia = viaOf(raw),
  ): void {
    const { env, table: t } = this.#run;
    if (this.#refuseJump(s.name, s.incarnation, source)) return;
    const out = t.applySuspect(s, env.clock.now(), suspicionParams(this.#run));
    const message = (): Uint8Array => raw ?? suspectMessage(s);
    switch (out.kind) {
      case 'ignored':
        this.#staleClaim(s, source);
        return;
      case 'refute':
        recordRefute(env, t, s, s.incarnation, via);
        this.#refuted(out, s.incarnation, source);
        return;
      case 'confirmed': {
        const rec = t.get(s.name);
        if (rec !== undefined)
          recordHistory(env, rec, 'confirm', { from: s.from, via, suspicion: out.suspicion });
        env.gossipQueue.enqueue({ message: message(), name: s.name });
        this.#suspicions.arm(s.name, out.suspicion);
        return;
      }
      case 'applied':
        recordHistory(env, out.record, 'suspect', { from: s.from, via, suspicion: out.suspicion });
        env.metrics.increment('ring_swim_suspicions_total');
        env.gossipQueue.enqueue({ message: message(), name: s.name });
        this.#run.markUrgent();
        this.#suspicions.arm(s.name, out.suspicion);
        if (s.from === env.name) this.#nudgeIfUnconfirmed(s, out.suspicion);
        if (env.events.wants('suspect')) env.events.queue('suspect', t.snapshot(out.record));
        return;
    }
  }

  /** Apply a dead claim (left when the node speaks for itself): gossip it on, remember the peer for reconnects, emit leave. */
  handleDead(
    d: Accusation,
    raw: Uint8Array | undefined,
    source?: ClaimSource,
    via: HistoryVia = viaOf(raw),
  ): void {
    const { env, table: t } = this.#run;
    if (this.#refuseJump(d.name, d.incarnation, source)) return;
    // The table ends the suspicion as it applies the claim: keep its numbers for the history.
    const suspicion = t.suspicion(d.name);
    const out = t.applyDead(d, env.clock.now());
    switch (out.kind) {
      case 'ignored':
        this.#staleClaim(d, source);
        return;
      case 'refute':
        recordRefute(env, t, d, d.incarnation, via);
        this.#refuted(out, d.incarnation, source);
        return;
      case 'applied': {
        recordHistory(env, out.record, out.record.state === 'left' ? 'left' : 'dead', {
          from: d.from,
          via,
          ...(suspicion === undefined ? {} : { suspicion }),
        });
        this.#suspicions.cancel(d.name);
        env.gossipQueue.enqueue({ message: raw ?? deadMessage(d), name: d.name });
        this.#run.markUrgent();
        if (out.record.state === 'dead')
          this.#hooks.memberFailed(d.name, out.record.address, env.clock.now());
        if (env.events.wants('leave')) env.events.queue('leave', t.snapshot(out.record));
        return;
      }
    }
  }

  /**
   * Ring (docs/PROTOCOL.md §20): a suspect or dead claim below the incarnation at which we hold
   * the member alive is stale: whoever still gossips it has not seen the refutation. memberlist
   * ignores it, and the sender keeps its suspicion until it times out — a false death when every
   * transmission of the refutation missed it (likely for a member behind a lossy link, which is
   * also the member most often suspected, and its refutation has only `retransmitLimit` tries).
   *
   * - The packet's sender gets the alive we hold straight back, once per subject and address per
   *   gossip interval (`ring_swim_stale_claim_corrections_total`), when the sender is an alive or
   *   suspect member: a spoofed source address gets nothing reflected at it.
   * - A claim about this node also gossips our current alive again, unless it is still queued
   *   (`ring_swim_refutation_repeats_total`).
   *
   * Same incarnations: nothing is raised, nothing a memberlist peer would not accept. Nothing is
   * sent by a node that is leaving or has left, or about a member we do not hold alive.
   */
  #staleClaim(claim: Accusation, source: ClaimSource | undefined): void {
    const { env, table: t } = this.#run;
    if (this.#run.phase !== 'running') return;
    const rec = claim.name === env.name ? t.local : t.get(claim.name);
    if (rec === undefined || rec.state !== 'alive' || claim.incarnation >= rec.incarnation) return;
    const from = source?.from;
    if (
      from !== undefined &&
      isMemberAddress(t, from) &&
      this.#corrections.take(claim.name, from, env.clock.now())
    ) {
      env.metrics.increment('ring_swim_stale_claim_corrections_total');
      this.#correct(from, rec);
    }
    if (claim.name === env.name && !env.gossipQueue.has(env.name)) {
      env.metrics.increment('ring_swim_refutation_repeats_total');
      this.enqueueAlive(rec);
      this.#run.markUrgent();
    }
  }

  /**
   * Ring (docs/PROTOCOL.md §20): a suspicion this node raised itself that nobody has confirmed
   * halfway through its timeout is gossiped once more. Its first `retransmitLimit` transmissions
   * may all have been lost — likely when this node is the one behind a lossy link — and then
   * nobody, the suspect included, has heard of it: no refutation can come, and the suspect is
   * declared dead at the maximum timeout. Receivers that already hold the suspicion ignore the
   * repeat (same accuser); the others apply it as any suspicion. Counted in
   * `ring_swim_suspicion_repeats_total`.
   */
  #nudgeIfUnconfirmed(s: Accusation, suspicion: Suspicion): void {
    const { env, table: t } = this.#run;
    this.#run.timers.schedule(
      () => {
        const rec = t.get(s.name);
        if (t.suspicion(s.name) !== suspicion || suspicion.confirmations > 0) return;
        if (rec === undefined || rec.state !== 'suspect' || rec.incarnation !== s.incarnation)
          return;
        env.metrics.increment('ring_swim_suspicion_repeats_total');
        env.gossipQueue.enqueue({ message: suspectMessage(s), name: s.name });
        this.#run.markUrgent();
        this.#run.flushUrgent();
      },
      Math.max(0, suspicion.deadline() - env.clock.now()) / 2,
    );
  }

  /** A suspicion's deadline passed: declare the member dead (unless it refuted meanwhile). */
  #expire(name: string, suspicion: Suspicion): void {
    const { env, table } = this.#run;
    const accusation = table.suspicionExpired(name, suspicion);
    if (accusation === undefined) return;
    env.logger.info({ node: name }, 'suspicion timed out, declaring dead');
    this.handleDead(accusation, undefined, undefined, 'suspicion-timeout');
    this.#run.flushUrgent();
    env.events.drain();
  }

  /** True (and counted, with a confirmation requested) when a claim about another member jumps implausibly. */
  #refuseJump(name: string, incarnation: number, source: ClaimSource | undefined): boolean {
    const env = this.#run.env;
    if (source === undefined || name === env.name || source.dialedPeer === name) return false;
    const rec = this.#run.table.get(name);
    if (rec === undefined) return false;
    if (!isImplausibleJump(rec.incarnation, incarnation, env.options.maxIncarnationJump))
      return false;
    refuse(env, source.transport, 'incarnation_jump', {
      node: name,
      known: rec.incarnation,
      claimed: incarnation,
    });
    this.#hooks.confirmIncarnation(name);
    return true;
  }

  /** True (and counted) when an alive claim would add a name we must not admit. */
  #refuseNewName(claim: AliveClaim, source: ClaimSource): boolean {
    const { env, table: t } = this.#run;
    if (claim.incarnation === 0 || t.get(claim.name) !== undefined) return false;
    const o = env.options;
    let reason: string | undefined;
    if (!isValidMemberName(claim.name, o.maxNameBytes)) reason = 'invalid_name';
    else if (t.size >= o.maxMembers) reason = 'member_limit';
    else if (source.dialedPeer === undefined && !this.#newMembers.take(env.clock.now()))
      reason = 'new_member_rate';
    if (reason === undefined) return false;
    refuse(env, source.transport, reason, { node: claim.name, address: claim.address });
    return true;
  }

  /**
   * We refuted a claim about ourselves: count it, raise the health score, gossip our new
   * incarnation. A refutation that cannot win by incarnation (the claim is at 2³² − 1) is logged
   * as an error and counted in `ring_swim_refute_saturated_total`; an implausible claim that we
   * did not chase is counted as a refusal.
   */
  #refuted(r: Refutation, accused: number, source: ClaimSource | undefined): void {
    const { env, table: t } = this.#run;
    if (r.implausible) {
      refuse(env, source?.transport ?? 'udp', 'incarnation_jump', {
        node: env.name,
        known: t.local.incarnation,
        claimed: accused,
      });
      env.logger.warn(
        { claimed: accused, incarnation: r.incarnation },
        'a claim about this node carries an implausible incarnation; refuting with our own + 1',
      );
    }
    if (r.saturated) {
      env.metrics.increment('ring_swim_refute_saturated_total');
      env.logger.error(
        { claimed: accused, incarnation: r.incarnation },
        'cannot refute above incarnation 2^32-1: Ring peers accept the refutation at the maximum, Go memberlist peers will not (they may declare this node dead until they forget it)',
      );
    }
    env.metrics.increment('ring_swim_refutations_total');
    applyAwareness(env, 1);
    this.enqueueAlive(t.local);
    this.#run.markUrgent();
  }
}
