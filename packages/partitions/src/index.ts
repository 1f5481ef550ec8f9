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
 * {@link localView} (table pair → slot changes), {@link compileTagFilter}, and the stateful
 * alternative {@link rebalance} (previous table + member set → table with optimal movement, for
 * deployments where a coordinator distributes the table).
 *
 * @packageDocumentation
 */
export { assign, loadCap } from './assign.js';
export { resolveAssignOptions } from './assign-options.js';
export { rebalance } from './rebalance.js';
export type { AssignOptions, ResolvedAssignOptions } from './assign-options.js';
export { ChangeStream } from './change-stream.js';
export type { LaggedMarker, StreamOptions } from './change-stream.js';
export {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_MAX_LOAD_FACTOR,
  DEFAULT_PARTITIONS,
  DEFAULT_REDUNDANCY,
  DEFAULT_TAG_MATCH,
  MAX_PARTITIONS,
  MAX_REDUNDANCY,
} from './constants.js';
export { diffTables, localView } from './diff.js';
export type { Acquisition, LocalView, Release, SlotChange } from './diff.js';
export { TypedEmitter } from './emitter.js';
export type { EventMap } from './emitter.js';
export { isPartitionsError, PartitionsError } from './errors.js';
export type { PartitionsErrorCode } from './errors.js';
export { Handoff } from './handoff.js';
export type {
  AcquireContext,
  HandoffHooks,
  HandoffTransition,
  ReleaseContext,
  SlotState,
} from './handoff.js';
export { staticMembership } from './membership.js';
export type {
  MemberLike,
  MembershipEventName,
  MembershipSource,
  StaticMembership,
} from './membership.js';
export { resolveOptions } from './options.js';
export type { PartitionsOptions, ResolvedPartitionsOptions } from './options.js';
export { partitionFor, xxhash64Partitioner } from './partition-of.js';
export type { Partitioner } from './partition-of.js';
export { createPartitions, Partitions } from './partitions.js';
export type {
  ChangeCause,
  ChangeEvent,
  KeyPartitionExplanation,
  PartitionsEvents,
} from './partitions.js';
export { explainPartition } from './explain-partition.js';
export type { PartitionExplanation, PassedOver, SlotExplanation } from './explain-partition.js';
export { fmix32, memberSeed, pairScore, slotKeyA, slotKeyB } from './score.js';
export type { MemberSeed } from './score.js';
export {
  checkPartition,
  emptyTable,
  partitionOwners,
  slotOwner,
  tableChecksum,
  tableLoads,
} from './table.js';
export type { PartitionTable } from './table.js';
export { compileTagFilter } from './tag-filter.js';
export type { TagFilter, TagMatch, Tags } from './tag-filter.js';
