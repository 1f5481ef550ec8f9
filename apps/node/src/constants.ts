/** Default gossip bind address (memberlist's default port 7946 on every interface). */
export const DEFAULT_BIND = '0.0.0.0:7946';
/** Default port assumed for `--join` seeds given without one. */
export const DEFAULT_GOSSIP_PORT = 7946;
/** Default HTTP admin API address: loopback only, so the API is never exposed by accident. */
export const DEFAULT_HTTP = '127.0.0.1:7947';
/** Default number of partitions (`--partitions`). */
export const DEFAULT_PARTITIONS = 64;
/** Default replicas per partition (`--redundancy`). */
export const DEFAULT_REDUNDANCY = 1;
/** How long a graceful leave may take before the node shuts down anyway (ms). */
export const DEFAULT_LEAVE_TIMEOUT_MS = 5_000;
/** How long after the member count changes a `members` event line is printed in `--json` mode (ms). */
export const MEMBERS_EVENT_INTERVAL_MS = 1_000;
/** Default maximum number of times a request is forwarded between members. */
export const DEFAULT_HOP_LIMIT = 3;
/** Request header that carries the number of hops a forwarded request has made. */
export const HOPS_HEADER = 'x-ring-hops';
/** Response header naming the member that served a (possibly forwarded) request. */
export const SERVED_BY_HEADER = 'x-ring-served-by';
/** Tag under which a node advertises its HTTP admin address to the others (used for forwarding). */
export const HTTP_TAG = 'ring.http';
/** Environment variable prefix (`RING_BIND`, `RING_JOIN`, ...). */
export const ENV_PREFIX = 'RING_';
