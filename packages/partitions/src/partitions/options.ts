import type { Key } from '@ring/hashring';
import { resolveAssignOptions, type AssignOptions } from '../assign/assign-options.js';
import { DEFAULT_BUFFER_SIZE, DEFAULT_TAG_MATCH } from '../constants.js';
import { PartitionsError } from '../errors.js';
import type { HandoffHooks } from '../handoff/handoff.js';
import type { MemberLike } from '../membership/membership.js';
import { xxhash64Partitioner, type Partitioner } from '../table/partition-of.js';
import {
  compileTagFilter,
  type TagFilter,
  type TagMatch,
  type Tags,
} from '../membership/tag-filter.js';

/**
 * Options of {@link createPartitions}.
 *
 * @typeParam M - the membership source's member type.
 */
export interface PartitionsOptions<M extends MemberLike> extends AssignOptions, HandoffHooks {
  /**
   * Name of the local member: its acquisitions/releases are reported and drive the handoff hooks.
   * Omit on a pure client (it still gets `ownersOf`, `membersForKey` and cluster-wide changes).
   */
  readonly localName?: string;
  /**
   * Only members whose tags pass this filter take part (libring's `WatchTags`). Tag name →
   * pattern; a string is compiled with `new RegExp()`. Empty: every member takes part.
   * @default {}
   */
  readonly watchTags?: Readonly<Record<string, RegExp | string>>;
  /**
   * How patterns combine: `all` — every watched tag present and matching; `any` — at least one.
   * @default 'all' ({@link DEFAULT_TAG_MATCH})
   */
  readonly match?: TagMatch;
  /**
   * Reads a member's tags. swim members carry metadata bytes (`meta`); decode them here.
   * Thrown errors exclude the member and are reported as `ERR_INVALID_MEMBER`.
   * @default (member) => member.tags ?? {}
   */
  readonly tagsOf?: (member: M) => Tags;
  /**
   * Key → partition mapping.
   * @default xxhash64(key) mod P ({@link xxhash64Partitioner})
   */
  readonly partitioner?: Partitioner;
  /**
   * Buffer of each `changes()` iterator unless given per call.
   * @default 256 ({@link DEFAULT_BUFFER_SIZE})
   */
  readonly bufferSize?: number;
}

/** {@link PartitionsOptions} with defaults applied and patterns compiled; frozen. */
export interface ResolvedPartitionsOptions<M extends MemberLike> {
  /** P. */
  readonly partitions: number;
  /** R. */
  readonly redundancy: number;
  /** Load bound factor. */
  readonly maxLoadFactor: number;
  /** Local member name, if any. */
  readonly localName: string | undefined;
  /** Compiled tag filter. */
  readonly filter: TagFilter;
  /** Tag accessor. */
  readonly tagsOf: (member: M) => Tags;
  /** Key → partition mapping. */
  readonly partitioner: (key: Key, partitions: number) => number;
  /** Default iterator buffer. */
  readonly bufferSize: number;
  /** Handoff hooks. */
  readonly hooks: HandoffHooks;
}

const defaultTagsOf = (member: MemberLike): Tags => {
  const tags = (member as { tags?: unknown }).tags;
  return typeof tags === 'object' && tags !== null ? (tags as Tags) : {};
};

/**
 * Apply defaults to and validate {@link PartitionsOptions}.
 *
 * @param options - user options.
 * @throws PartitionsError `ERR_INVALID_OPTION` (P, R, load factor, buffer size, `match`, a
 *   non-function hook/accessor, an empty `localName`), `ERR_INVALID_TAG_PATTERN`.
 */
export function resolveOptions<M extends MemberLike>(
  options: PartitionsOptions<M> = {},
): ResolvedPartitionsOptions<M> {
  const { partitions, redundancy, maxLoadFactor } = resolveAssignOptions(options);
  const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new PartitionsError(
      'ERR_INVALID_OPTION',
      `bufferSize must be an integer ≥ 1, got ${String(bufferSize)}`,
    );
  }
  if (
    options.localName !== undefined &&
    (typeof options.localName !== 'string' || options.localName.length === 0)
  ) {
    throw new PartitionsError('ERR_INVALID_OPTION', 'localName must be a non-empty string');
  }
  for (const name of ['tagsOf', 'partitioner', 'onAcquire', 'onRelease'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new PartitionsError('ERR_INVALID_OPTION', `${name} must be a function`);
    }
  }
  const filter = compileTagFilter(options.watchTags ?? {}, options.match ?? DEFAULT_TAG_MATCH);
  const hooks: HandoffHooks = Object.freeze({
    ...(options.onAcquire === undefined ? {} : { onAcquire: options.onAcquire }),
    ...(options.onRelease === undefined ? {} : { onRelease: options.onRelease }),
  });
  return Object.freeze({
    partitions,
    redundancy,
    maxLoadFactor,
    localName: options.localName,
    filter,
    tagsOf: options.tagsOf ?? defaultTagsOf,
    partitioner: options.partitioner ?? xxhash64Partitioner,
    bufferSize,
    hooks,
  });
}
