/**
 * Applying membership claims (alive, suspect, dead) through the member table and acting on the
 * outcome: gossip it on, arm or cancel suspicion timers, refute, queue events.
 */
import { MessageType, encodeMessage } from './wire/index.js';
import type { Accusation, AliveClaim, MemberRecord } from './member-table.js';
import type { Suspicion } from './suspicion.js';
import { addressToWire } from './wire-address.js';
import type { NodeContext } from './node-context.js';
import { applyAwareness, suspicionParams, trackOther } from './node-context.js';

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

/** We refuted a claim about ourselves: count it, raise the health score, gossip our new incarnation. */
export function refuted(ctx: NodeContext): void {
  const t = ctx.table!;
  ctx.metrics.increment('ring_swim_refutations_total');
  applyAwareness(ctx, 1);
  enqueueAlive(ctx, t.local);
}

/** Apply an alive claim and act on the outcome (gossip it on, track a new member, emit join/update/alive). */
export function handleAlive(
  ctx: NodeContext,
  input: AliveClaim,
  raw: Uint8Array | undefined,
): void {
  const t = ctx.table!;
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
      refuted(ctx);
      return;
    case 'applied': {
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
export function handleSuspect(ctx: NodeContext, s: Accusation, raw: Uint8Array | undefined): void {
  const t = ctx.table!;
  const out = t.applySuspect(s, ctx.clock.now(), suspicionParams(ctx));
  const message = (): Uint8Array => raw ?? suspectMessage(s);
  switch (out.kind) {
    case 'ignored':
      return;
    case 'refute':
      refuted(ctx);
      return;
    case 'confirmed':
      ctx.gossipQueue.enqueue({ message: message(), name: s.name });
      armSuspicionTimer(ctx, s.name, out.suspicion);
      return;
    case 'applied':
      ctx.metrics.increment('ring_swim_suspicions_total');
      ctx.gossipQueue.enqueue({ message: message(), name: s.name });
      armSuspicionTimer(ctx, s.name, out.suspicion);
      if (ctx.events.wants('suspect')) ctx.events.queue('suspect', t.snapshot(out.record));
      return;
  }
}

/** Apply a dead claim (left when the node speaks for itself): gossip it on, remember the peer for reconnects, emit leave. */
export function handleDead(ctx: NodeContext, d: Accusation, raw: Uint8Array | undefined): void {
  const t = ctx.table!;
  const out = t.applyDead(d, ctx.clock.now());
  switch (out.kind) {
    case 'ignored':
      return;
    case 'refute':
      refuted(ctx);
      return;
    case 'applied': {
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
    handleDead(ctx, accusation, undefined);
    ctx.events.drain();
  }, delay);
  ctx.suspicionTimers.set(name, handle);
}
