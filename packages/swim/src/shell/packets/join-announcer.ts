/**
 * Ring: a node that has just joined tells every member it learned of its arrival directly.
 *
 * memberlist spreads a join by gossip alone: each member that hears of the newcomer passes the
 * alive message on `retransmitMult × ⌈log10(n + 1)⌉` times to random members. A given member
 * then hears nothing with a probability of about e^−limit (3 × 10⁻⁴ at 10 to 99 members, limit 8),
 * so a cluster of 100 grown one member at a time has such a miss about one time in four; the
 * member that missed it learns of the newcomer only at a later push/pull, up to two minutes away
 * at 100 members. The joiner knows the whole cluster from its join push/pull, so it can close that gap
 * itself: it sends its current alive message to each member once, a batch per gossip interval,
 * each packet topped up with queued gossip like any other. Members that already know it ignore
 * the repeat; the rest learn of it one network round trip after the batch leaves.
 */
import { shuffleInPlace } from '@ring/base';
import { aliveMessage } from '../member-messages.js';
import type { Run } from '../run-context.js';
import type { PacketSender } from './packet-send.js';

/** Sends a joined node's alive message to each member once, in paced batches. */
export class JoinAnnouncer {
  readonly #run: Run;
  readonly #sender: PacketSender;
  /** A batch is scheduled. */
  #armed = false;

  /**
   * @param run - the running node.
   * @param sender - where packets leave (with piggybacked gossip).
   */
  constructor(run: Run, sender: PacketSender) {
    this.#run = run;
    this.#sender = sender;
  }

  /**
   * A join succeeded: plan an announcement to every alive or suspect member except this node and
   * the members at `reached` (the seeds that answered, which merged our state), in random order,
   * replacing whatever an earlier join left. The first batch leaves on a 0 ms timer: `join()`
   * resolves first, so its caller is not held up by building up to `joinAnnouncePerInterval`
   * packets (a ring-node at 100 members reported ready about 25 ms later when the batch was sent
   * inside `join()`). Nothing happens when `joinAnnouncePerInterval` is 0 or membership gossip is
   * muted.
   *
   * @param reached - addresses of the seeds whose push/pull succeeded.
   */
  start(reached: ReadonlySet<string>): void {
    const { env, table } = this.#run;
    const pending = env.joinAnnouncements;
    pending.length = 0;
    if (env.options.joinAnnouncePerInterval === 0 || env.gossipQueue.muted) return;
    for (const rec of table.records()) {
      if (rec.name === env.name || reached.has(rec.address)) continue;
      if (rec.state === 'alive' || rec.state === 'suspect') pending.push(rec.name);
    }
    shuffleInPlace(env.random, pending);
    if (!this.#armed) this.#arm(0);
  }

  #arm(delayMs: number): void {
    this.#armed = true;
    this.#run.timers.schedule(() => this.#batch(), delayMs);
  }

  /** Send one batch; re-armed one gossip interval later while members remain. */
  #batch(): void {
    this.#armed = false;
    const { env, table } = this.#run;
    const pending = env.joinAnnouncements;
    if (this.#run.phase !== 'running') {
      pending.length = 0;
      return;
    }
    // Our current alive: a refutation since the join announces the newer incarnation.
    const message = aliveMessage(table.local);
    let sent = 0;
    while (sent < env.options.joinAnnouncePerInterval && pending.length > 0) {
      const rec = table.get(pending.pop()!);
      // A member that failed or left since the plan is skipped; one that came back is not.
      if (rec === undefined || (rec.state !== 'alive' && rec.state !== 'suspect')) continue;
      this.#sender.sendWithPiggyback(rec.address, message, rec.vsn[1] ?? 0);
      sent++;
    }
    if (sent > 0) env.metrics.increment('ring_swim_join_announcements_total', sent);
    if (pending.length > 0) this.#arm(env.options.gossipIntervalMs);
  }
}
