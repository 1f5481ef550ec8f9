import { TypedEmitter } from '@ring/base';
import { PartitionsError } from '../errors.js';
import { memberName } from './member-name.js';

/** The least a member must have: a unique, non-empty name. */
export interface MemberLike {
  /** Unique member name; the identity used in partition tables. */
  readonly name: string;
}

/** Membership events a source reports. */
export type MembershipEventName = 'join' | 'leave' | 'update';

/**
 * Anything that knows the current members and reports changes — matched by structure, so
 * `@ring/swim`'s node, {@link staticMembership}, or your own discovery all fit without an import.
 *
 * - `join`: a member appeared (a `join` for a known name is treated as an update).
 * - `leave`: a member is gone (left, failed or was reaped).
 * - `update`: a member's metadata (e.g. tags) changed.
 *
 * @typeParam M - the member type; at least `{ name: string }`.
 */
export interface MembershipSource<M extends MemberLike> {
  /** The current members. */
  members(): Iterable<M>;
  /** Subscribe to a membership event. */
  on(event: MembershipEventName, listener: (member: M) => void): unknown;
  /** Unsubscribe. */
  off(event: MembershipEventName, listener: (member: M) => void): unknown;
}

/** A membership source over a list you manage by hand (tests, fixed clusters, config files). */
export interface StaticMembership<M extends MemberLike> extends MembershipSource<M> {
  /** Add a member, or replace the member with the same name (reported as `update`). */
  join(member: M): void;
  /** Remove a member by name; unknown names are ignored. */
  leave(name: string): void;
  /** Replace a known member's record (e.g. new tags); reported as `update`. */
  update(member: M): void;
}

type SourceEvents<M> = Record<MembershipEventName, (member: M) => void>;

/**
 * A membership source over a static, hand-managed list.
 *
 * @example
 * ```ts
 * const source = staticMembership([{ name: 'node-a' }, { name: 'node-b' }]);
 * const parts = createPartitions(source, { localName: 'node-a' });
 * source.join({ name: 'node-c' }); // parts recomputes and emits one change event
 * ```
 *
 * @param initial - the starting members (later duplicates of a name win).
 * @throws PartitionsError `ERR_INVALID_MEMBER` for a member without a non-empty string name,
 *   from this function, `join` and `update`; `update` of an unknown name also throws it.
 */
export function staticMembership<M extends MemberLike>(
  initial: Iterable<M> = [],
): StaticMembership<M> {
  const current = new Map<string, M>();
  const check = (member: M): M => {
    memberName(member);
    return member;
  };
  for (const member of initial) current.set(check(member).name, member);
  // Listener errors are re-thrown to the caller of join/leave/update, after every listener ran.
  let failure: { error: unknown } | undefined;
  const emitter = new TypedEmitter<SourceEvents<M>>((error) => {
    failure ??= { error };
  });
  const emit = (event: MembershipEventName, member: M): void => {
    // A listener may call join/leave/update: keep the outer emit's failure across the nested one.
    const outer = failure;
    failure = undefined;
    emitter.emit(event, member);
    const f = failure as { error: unknown } | undefined;
    failure = outer;
    if (f !== undefined) throw f.error;
  };
  return {
    members: () => [...current.values()],
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    join(member) {
      const known = current.has(check(member).name);
      current.set(member.name, member);
      emit(known ? 'update' : 'join', member);
    },
    leave(name) {
      const member = current.get(name);
      if (member === undefined) return;
      current.delete(name);
      emit('leave', member);
    },
    update(member) {
      if (!current.has(check(member).name)) {
        throw new PartitionsError(
          'ERR_INVALID_MEMBER',
          `cannot update unknown member ${member.name}`,
        );
      }
      current.set(member.name, member);
      emit('update', member);
    },
  };
}
