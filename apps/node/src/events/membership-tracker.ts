import type { MemberState } from '@ring/swim';
import type { MemberLike, MembershipEvent } from './membership.js';
import { leaveState } from './event-lines.js';
import type { JoinLine, LeaveLine, UpdateLine } from './event-lines.js';

/**
 * Turns `@ring/swim` membership events into `--json` lines and keeps `count`: the number of
 * members this node considers alive or suspect, itself included, right after each change.
 *
 * Pure: it never reads the clock (the caller passes `t`) and does no I/O. Duplicate or
 * out-of-order events (a `join` for a known member, `alive` for a member that was never suspect,
 * `leave` for an unknown one) produce no line, so a replayed snapshot is harmless.
 */
export class MembershipTracker {
  readonly #self: string;
  readonly #states = new Map<string, MemberState>();

  /**
   * @param self - this node's name; counted from the start and never reported as a peer.
   */
  constructor(self: string) {
    this.#self = self;
    this.#states.set(self, 'alive');
  }

  /** Members considered alive or suspect, self included. */
  get count(): number {
    return this.#states.size;
  }

  /** Names of the members considered alive or suspect, sorted. */
  names(): string[] {
    return [...this.#states.keys()].sort();
  }

  /**
   * Apply one event.
   *
   * @param event - the membership event.
   * @param t - timestamp for the line (ms since the epoch).
   * @returns the line to print, or `undefined` when the event changes nothing visible.
   */
  apply(event: MembershipEvent, t: number): JoinLine | UpdateLine | LeaveLine | undefined {
    const { member } = event;
    if (member.name === this.#self) return undefined;
    const known = this.#states.get(member.name);
    switch (event.type) {
      case 'join':
        if (known !== undefined) return undefined;
        this.#states.set(member.name, member.state === 'suspect' ? 'suspect' : 'alive');
        return { event: 'join', name: member.name, addr: member.address, count: this.count, t };
      case 'leave':
        if (known === undefined) return undefined;
        this.#states.delete(member.name);
        return {
          event: 'leave',
          name: member.name,
          state: leaveState(member.state),
          count: this.count,
          t,
        };
      case 'suspect':
        return this.#transition(member, known, 'suspect', t);
      case 'alive':
        return this.#transition(member, known, 'alive', t);
      case 'update':
        if (known === undefined) return undefined;
        return this.#updateLine(member, member.state === 'suspect' ? 'suspect' : 'alive', t);
    }
  }

  #transition(
    member: MemberLike,
    known: MemberState | undefined,
    to: 'suspect' | 'alive',
    t: number,
  ): UpdateLine | undefined {
    if (known === undefined || known === to) return undefined;
    return this.#updateLine(member, to, t);
  }

  #updateLine(member: MemberLike, state: 'suspect' | 'alive', t: number): UpdateLine {
    this.#states.set(member.name, state);
    return { event: 'update', name: member.name, state, t };
  }
}
