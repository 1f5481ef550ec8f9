/**
 * `@ring/partitions`: P fixed partitions, each owned by R distinct members, computed by every node
 * from the same member set, with exact acquire/release events and handoff hooks.
 *
 * @example
 * ```ts
 * import { createPartitions, staticMembership } from '@ring/partitions';
 *
 * const source = staticMembership([{ name: 'node-a' }, { name: 'node-b' }, { name: 'node-c' }]);
 * const parts = createPartitions(source, { localName: 'node-a', partitions: 16, redundancy: 2 });
 * parts.on('change', (e) => {
 *   for (const a of e.acquired) console.log(`Acquired partition ${a.partition}, replica ${a.replica} from ${a.from}`);
 *   for (const r of e.released) console.log(`Released partition ${r.partition}, replica ${r.replica} to ${r.to}`);
 * });
 * source.join({ name: 'node-d' });
 * console.log(parts.membersForKey('user:42').map((m) => m.name));
 * ```
 *
 * The pure core is exported too: {@link assign} (member set → table), {@link diffTables} and
 * {@link localView} (table pair → slot changes), {@link compileTagFilter}, the table readers
 * ({@link partitionOwners}, {@link tableLoads}, {@link tableChecksum}), and the stateful
 * alternative {@link rebalance} (previous table + member set → table with optimal movement, for
 * deployments where a coordinator distributes the table).
 *
 * @packageDocumentation
 */
// The live object: createPartitions over a membership source.
export { createPartitions, Partitions } from './partitions/partitions.js';
export type { PartitionsOptions, ResolvedPartitionsOptions } from './partitions/options.js';
export type { KeyPartitionExplanation } from './partitions/explain-key.js';
export type { ChangeCause, ChangeEvent, PartitionsEvents } from './events/events.js';
export type { LaggedMarker, StreamOptions } from './events/change-stream.js';
export type {
  AcquireContext,
  HandoffHooks,
  HandoffTransition,
  ReleaseContext,
  SlotState,
} from './handoff/handoff.js';
// Membership sources and the tag filter.
export { staticMembership } from './membership/membership.js';
export type {
  MemberLike,
  MembershipEventName,
  MembershipSource,
  StaticMembership,
} from './membership/membership.js';
export { compileTagFilter } from './membership/tag-filter.js';
export type { TagFilter, TagMatch, Tags } from './membership/tag-filter.js';
// The pure core: assignment, rebalancing, tables and their diffs.
export { assign, loadCap } from './assign/assign.js';
export type { AssignOptions, ResolvedAssignOptions } from './assign/assign-options.js';
export { explainPartition } from './assign/explain-partition.js';
export type {
  PartitionExplanation,
  PassedOver,
  SlotExplanation,
} from './assign/explain-partition.js';
export { rebalance } from './rebalance/rebalance.js';
export {
  emptyTable,
  partitionOwners,
  slotOwner,
  tableChecksum,
  tableLoads,
} from './table/table.js';
export type { PartitionTable } from './table/table.js';
export { diffTables, localView } from './table/diff.js';
export type { Acquisition, LocalView, Release, SlotChange } from './table/diff.js';
export { xxhash64Partitioner } from './table/partition-of.js';
export type { Partitioner } from './table/partition-of.js';
// Errors and constants.
export { isPartitionsError, PartitionsError } from './errors.js';
export type { PartitionsErrorCode } from './errors.js';
export {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_MAX_LOAD_FACTOR,
  DEFAULT_PARTITIONS,
  DEFAULT_REDUNDANCY,
  DEFAULT_TAG_MATCH,
  MAX_PARTITIONS,
  MAX_REDUNDANCY,
} from './constants.js';
