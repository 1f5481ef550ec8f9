import type { HandoffTransition } from '../handoff/handoff.js';
import type { MembershipEventName } from '../membership/membership.js';
import type { Acquisition, Release, SlotChange } from '../table/diff.js';
import type { PartitionTable } from '../table/table.js';

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
  /** Discriminant (iterators also yield a `LaggedMarker`). */
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

/** Events of a `Partitions` instance. */
export interface PartitionsEvents {
  /** The table changed (after the new table is in place). */
  change: (event: ChangeEvent) => void;
  /** A local slot entered a lifecycle state. */
  handoff: (transition: HandoffTransition) => void;
  /** A hook failed (`ERR_HOOK_FAILED`), a member was unusable (`ERR_INVALID_MEMBER`), or a listener threw. */
  error: (error: unknown) => void;
}
