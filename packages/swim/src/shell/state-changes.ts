/**
 * Applying membership claims (alive, suspect, dead) through the member table and acting on the
 * outcome: gossip it on, arm or cancel suspicion timers, refute, queue events.
 */
import { MessageType, encodeMessage } from '../wire/index.js';
import type { Accusation, AliveClaim, MemberRecord } from '../core/membership/member-table.js';
import type { Suspicion } from '../core/membership/suspicion.js';
import { addressToWire } from '../core/membership/wire-address.js';
import type { NodeContext } from './node-context.js';
import { applyAwareness, suspicionParams, trackOther } from './node-context.js';
import { recordHistory, recordRefute } from '../observe/explain-member.js';
import type { HistoryVia } from '../observe/member-history.js';

/** Where a claim came from when the caller does not say: a packet (raw bytes) or this node. */
const viaOf = (raw: Uint8Array | undefined): HistoryVia => (raw === undefined ? 'local' : 'gossip');
import { isValidMemberName } from '../core/admission.js';
import { isImplausibleJump } from '../core/membership/incarnation.js';
import type { Refutation } from '../core/membership/incarnation.js';
import { refuse } from '../core/refusals.js';
import type { RefusalTransport } from '../core/refusals.js';
import { confirmIncarnation } from './streams/anti-entropy.js';

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
}

/** Claims from gossip packets. */
export const FROM_PACKET: ClaimSource = Object.freeze({ transport: 'udp' });
/** Claims from a push/pull another node dialled. */
export const FROM_INBOUND_STREAM: ClaimSource = Object.freeze({ transport: 'tcp' });

/** True (and counted, with a confirmation requested) when a claim about another member jumps implausibly. */
function refuseJump(
  ctx: NodeContext,
  name: string,
  incarnation: number,
  source: ClaimSource | undefined,
): boolean {
  if (source === undefined || name === ctx.name || source.dialedPeer === name) return false;
  const rec = ctx.table!.get(name);
  if (rec === undefined) return false;
  if (!isImplausibleJump(rec.incarnation, incarnation, ctx.options.maxIncarnationJump))
    return false;
  refuse(ctx, source.transport, 'incarnation_jump', {
    node: name,
    known: rec.incarnation,
    claimed: incarnation,
  });
  confirmIncarnation(ctx, name);
  return true;
}

/** True (and counted) when an alive claim would add a name we must not admit. */
function refuseNewName(ctx: NodeContext, claim: AliveClaim, source: ClaimSource): boolean {
  const t = ctx.table!;
  if (claim.incarnation === 0 || t.get(claim.name) !== undefined) return false;
  const o = ctx.options;
  let reason: string | undefined;
  if (!isValidMemberName(claim.name, o.maxNameBytes)) reason = 'invalid_name';
  else if (t.size >= o.maxMembers) reason = 'member_limit';
  else if (source.dialedPeer === undefined && !ctx.newMembers.take(ctx.clock.now()))
    reason = 'new_member_rate';
  if (reason === undefined) return false;
  refuse(ctx, source.transport, reason, { node: claim.name, address: claim.address });
  return true;
}

/** Encode an alive message for a member record. */
export function aliveMessage(ctx: NodeContext, rec: MemberRecord): Uint8Array {
  const w = addressToWire(rec.address);
  return encodeMessage({
    type: MessageType.Alive,
    body: {
      incarnation: rec.incarnation,
      node: rec.name,
      addr: w.ip,
      port: w.port,
      meta: rec.meta,
      vsn: rec.vsn,
    },
  });
}

/** Encode a suspect message for an accusation. */
export function suspectMessage(s: Accusation): Uint8Array {
  return encodeMessage({
    type: MessageType.Suspect,
    body: { incarnation: s.incarnation, node: s.name, from: s.from },
  });
}

/** Encode a dead message for an accusation (a node declaring itself dead is leaving). */
export function deadMessage(d: Accusation): Uint8Array {
  return encodeMessage({
    type: MessageType.Dead,
    body: { incarnation: d.incarnation, node: d.name, from: d.from },
  });
}

/** Gossip an alive message for a member record. */
export function enqueueAlive(ctx: NodeContext, rec: MemberRecord): void {
  ctx.gossipQueue.enqueue({ message: aliveMessage(ctx, rec), name: rec.name });
}

/**
 * We refuted a claim about ourselves: count it, raise the health score, gossip our new
 * incarnation. A refutation that cannot win by incarnation (the claim is at 2³² − 1) is logged
 * as an error and counted in `ring_swim_refute_saturated_total`; an implausible claim that we
 * did not chase is counted as a refusal.
 */
export function refuted(
  ctx: NodeContext,
  r: Refutation,
  accused: number,
  source: ClaimSource | undefined,
): void {
  const t = ctx.table!;
  if (r.implausible) {
    refuse(ctx, source?.transport ?? 'udp', 'incarnation_jump', {
      node: ctx.name,
      known: t.local.incarnation,
      claimed: accused,
    });
    ctx.logger.warn(
      { claimed: accused, incarnation: r.incarnation },
      'a claim about this node carries an implausible incarnation; refuting with our own + 1',
    );
  }
  if (r.saturated) {
    ctx.metrics.increment('ring_swim_refute_saturated_total');
    ctx.logger.error(
      { claimed: accused, incarnation: r.incarnation },
      'cannot refute above incarnation 2^32-1: Ring peers accept the refutation at the maximum, Go memberlist peers will not (they may declare this node dead until they forget it)',
    );
  }
  ctx.metrics.increment('ring_swim_refutations_total');
  applyAwareness(ctx, 1);
  enqueueAlive(ctx, t.local);
}

/** Apply an alive claim and act on the outcome (gossip it on, track a new member, emit join/update/alive). */
export function handleAlive(
  ctx: NodeContext,
  input: AliveClaim,
  raw: Uint8Array | undefined,
  source?: ClaimSource,
  via: HistoryVia = viaOf(raw),
): void {
  const t = ctx.table!;
  if (source !== undefined && refuseNewName(ctx, input, source)) return;
  if (refuseJump(ctx, input.name, input.incarnation, source)) return;
  const claim = ctx.intern(input);
  const out = t.applyAlive(claim, ctx.clock.now(), ctx.options.deadNodeReclaimTimeMs);
  switch (out.kind) {
    case 'ignored':
      return;
    case 'conflict':
      ctx.logger.warn(
        { node: claim.name, address: claim.address },
        'conflicting address for a known node name',
      );
      return;
    case 'refute':
      recordRefute(ctx, undefined, claim.incarnation, via);
      refuted(ctx, out, claim.incarnation, source);
      return;
    case 'applied': {
      if (out.event !== undefined)
        recordHistory(ctx, out.record, out.event === 'alive' ? 'refuted' : out.event, { via });
      cancelSuspicionTimer(ctx, claim.name);
      if (out.isNew) trackOther(ctx, claim.name);
      ctx.failed.delete(claim.name);
      ctx.gossipQueue.enqueue({ message: raw ?? aliveMessage(ctx, out.record), name: claim.name });
      if (out.event !== undefined && ctx.events.wants(out.event))
        ctx.events.queue(out.event, t.snapshot(out.record));
      return;
    }
  }
}

/** Apply a suspect claim: start or confirm a suspicion (re-gossiped, timer re-armed), or refute it. */
export function handleSuspect(
  ctx: NodeContext,
  s: Accusation,
  raw: Uint8Array | undefined,
  source?: ClaimSource,
  via: HistoryVia = viaOf(raw),
): void {
  const t = ctx.table!;
  if (refuseJump(ctx, s.name, s.incarnation, source)) return;
  const out = t.applySuspect(s, ctx.clock.now(), suspicionParams(ctx));
  const message = (): Uint8Array => raw ?? suspectMessage(s);
  switch (out.kind) {
    case 'ignored':
      return;
    case 'refute':
      recordRefute(ctx, s, s.incarnation, via);
      refuted(ctx, out, s.incarnation, source);
      return;
    case 'confirmed': {
      const rec = t.get(s.name);
      if (rec !== undefined)
        recordHistory(ctx, rec, 'confirm', { from: s.from, via, suspicion: out.suspicion });
      ctx.gossipQueue.enqueue({ message: message(), name: s.name });
      armSuspicionTimer(ctx, s.name, out.suspicion);
      return;
    }
    case 'applied':
      recordHistory(ctx, out.record, 'suspect', { from: s.from, via, suspicion: out.suspicion });
      ctx.metrics.increment('ring_swim_suspicions_total');
      ctx.gossipQueue.enqueue({ message: message(), name: s.name });
      armSuspicionTimer(ctx, s.name, out.suspicion);
      if (ctx.events.wants('suspect')) ctx.events.queue('suspect', t.snapshot(out.record));
      return;
  }
}

/** Apply a dead claim (left when the node speaks for itself): gossip it on, remember the peer for reconnects, emit leave. */
export function handleDead(
  ctx: NodeContext,
  d: Accusation,
  raw: Uint8Array | undefined,
  source?: ClaimSource,
  via: HistoryVia = viaOf(raw),
): void {
  const t = ctx.table!;
  if (refuseJump(ctx, d.name, d.incarnation, source)) return;
  // The table ends the suspicion as it applies the claim: keep its numbers for the history.
  const suspicion = t.suspicion(d.name);
  const out = t.applyDead(d, ctx.clock.now());
  switch (out.kind) {
    case 'ignored':
      return;
    case 'refute':
      recordRefute(ctx, d, d.incarnation, via);
      refuted(ctx, out, d.incarnation, source);
      return;
    case 'applied': {
      recordHistory(ctx, out.record, out.record.state === 'left' ? 'left' : 'dead', {
        from: d.from,
        via,
        ...(suspicion === undefined ? {} : { suspicion }),
      });
      cancelSuspicionTimer(ctx, d.name);
      ctx.gossipQueue.enqueue({ message: raw ?? deadMessage(d), name: d.name });
      if (out.record.state === 'dead')
        ctx.failed.set(d.name, { address: out.record.address, at: ctx.clock.now() });
      if (ctx.events.wants('leave')) ctx.events.queue('leave', t.snapshot(out.record));
      return;
    }
  }
}

/** Cancel the suspicion timer of `name`, if any. */
export function cancelSuspicionTimer(ctx: NodeContext, name: string): void {
  const h = ctx.suspicionTimers.get(name);
  if (h !== undefined) {
    h.cancel();
    ctx.suspicionTimers.delete(name);
  }
}

/** (Re-)arm the suspicion timer of `name` at the suspicion's current deadline; on expiry declare it dead. */
export function armSuspicionTimer(ctx: NodeContext, name: string, suspicion: Suspicion): void {
  cancelSuspicionTimer(ctx, name);
  const delay = Math.max(0, suspicion.deadline() - ctx.clock.now());
  const handle = ctx.clock.setTimeout(() => {
    if (ctx.suspicionTimers.get(name) === handle) ctx.suspicionTimers.delete(name);
    if (ctx.state === 'shutdown') return;
    const accusation = ctx.table!.suspicionExpired(name, suspicion);
    if (accusation === undefined) return;
    ctx.logger.info({ node: name }, 'suspicion timed out, declaring dead');
    handleDead(ctx, accusation, undefined, undefined, 'suspicion-timeout');
    ctx.events.drain();
  }, delay);
  ctx.suspicionTimers.set(name, handle);
}
