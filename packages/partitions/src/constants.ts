/**
 * Documented defaults of `@ring/partitions`. Every option that has a default takes it from here.
 *
 * @packageDocumentation
 */

/**
 * Default number of partitions P.
 *
 * 1024 is a power of two (so `xxhash64(key) mod P` is unbiased), an order of magnitude above the
 * ~100 members a cluster of this kind usually has (libring's advice), and small enough that a full
 * reassignment stays well under 10 ms. libring defaulted to 512; its README example used 2056.
 */
export const DEFAULT_PARTITIONS = 1024;

/**
 * Default redundancy R (owners per partition): a primary and one backup, as in libring's README
 * example. libring's own default was 3; raise it when losing two members at once must not lose data.
 */
export const DEFAULT_REDUNDANCY = 2;

/**
 * Default load bound of the assignment: no member owns more than
 * `max(ceil(mean), floor(1.05 × mean))` slots, where `mean = P·R / N`. With 1.00 every member is
 * within one slot of the mean, at the price of more movement (see the README's trade-off table).
 */
export const DEFAULT_MAX_LOAD_FACTOR = 1.05;

/** Default tag match mode of `watchTags`: every watched tag must be present and match. */
export const DEFAULT_TAG_MATCH = 'all';

/**
 * Default capacity of one change-event iterator's buffer. When a consumer falls this many events
 * behind, the oldest buffered events are dropped and a `lagged` marker is delivered instead.
 */
export const DEFAULT_BUFFER_SIZE = 256;

/** Upper bound accepted for P: tables are P × R arrays and hooks are per slot. */
export const MAX_PARTITIONS = 1 << 20;

/** Upper bound accepted for R. */
export const MAX_REDUNDANCY = 64;
