import {
  DEFAULT_MAX_LOAD_FACTOR,
  DEFAULT_PARTITIONS,
  DEFAULT_REDUNDANCY,
  MAX_PARTITIONS,
  MAX_REDUNDANCY,
} from '../constants.js';
import { PartitionsError } from '../errors.js';

/** Options of the pure assignment function {@link assign}. */
export interface AssignOptions {
  /**
   * Number of partitions P, an integer in `[1, 2^20]`.
   * @default 1024 ({@link DEFAULT_PARTITIONS})
   */
  readonly partitions?: number;
  /**
   * Owners per partition R, an integer in `[1, min(P, 64)]`.
   * @default 2 ({@link DEFAULT_REDUNDANCY})
   */
  readonly redundancy?: number;
  /**
   * Load bound: no member owns more than `max(ceil(mean), floor(maxLoadFactor × mean))` slots,
   * `mean = P·min(R, N) / N`. A number in `[1, 4]`; 1 means every member is within one slot of the
   * mean. Lower is more even, higher moves fewer slots per membership change.
   * @default 1.05 ({@link DEFAULT_MAX_LOAD_FACTOR})
   */
  readonly maxLoadFactor?: number;
}

/** {@link AssignOptions} with every default applied; frozen. */
export interface ResolvedAssignOptions {
  /** P. */
  readonly partitions: number;
  /** R. */
  readonly redundancy: number;
  /** The load bound factor. */
  readonly maxLoadFactor: number;
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PartitionsError(
      'ERR_INVALID_OPTION',
      `${name} must be an integer in [${min}, ${max}], got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Apply defaults to and validate assignment options.
 *
 * @param options - user options.
 * @throws PartitionsError `ERR_INVALID_OPTION` when P < 1, R < 1, R > P, a value is not an
 *   integer, or `maxLoadFactor` is outside `[1, 4]`.
 */
export function resolveAssignOptions(options: AssignOptions = {}): ResolvedAssignOptions {
  const partitions = integerIn(
    'partitions',
    options.partitions ?? DEFAULT_PARTITIONS,
    1,
    MAX_PARTITIONS,
  );
  const redundancy = integerIn(
    'redundancy',
    options.redundancy ?? DEFAULT_REDUNDANCY,
    1,
    MAX_REDUNDANCY,
  );
  if (redundancy > partitions) {
    throw new PartitionsError(
      'ERR_INVALID_OPTION',
      `redundancy (${redundancy}) must not exceed partitions (${partitions})`,
    );
  }
  const maxLoadFactor = options.maxLoadFactor ?? DEFAULT_MAX_LOAD_FACTOR;
  if (
    typeof maxLoadFactor !== 'number' ||
    !Number.isFinite(maxLoadFactor) ||
    maxLoadFactor < 1 ||
    maxLoadFactor > 4
  ) {
    throw new PartitionsError(
      'ERR_INVALID_OPTION',
      `maxLoadFactor must be a number in [1, 4], got ${String(maxLoadFactor)}`,
    );
  }
  return Object.freeze({ partitions, redundancy, maxLoadFactor });
}
