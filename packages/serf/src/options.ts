import { SerfError } from './errors.js';

/** Serf protocol versions this package speaks (Serf `ProtocolVersionMin`/`Max`). */
export const SERF_PROTOCOL_MIN = 2;
/** Highest Serf protocol version understood. */
export const SERF_PROTOCOL_MAX = 5;
/** Prefix of Serf's internal query names (`_serf_ping`, `_serf_conflict`, key queries). */
export const INTERNAL_QUERY_PREFIX = '_serf_';
/** Serf's hard cap on a user event (name + payload, and encoded). */
export const USER_EVENT_SIZE_HARD_LIMIT = 9 * 1024;

/**
 * Serf's tunables, with Serf's `DefaultConfig` values. Durations in milliseconds.
 */
export interface ResolvedSerfOptions {
  /** Serf protocol version spoken (2–5; queries need 4, relayed responses 5). @default 5 (the agent's default) */
  readonly protocolVersion: number;
  /** How long `leave()` waits for the leave intent to be gossiped. @default 5_000 */
  readonly broadcastTimeoutMs: number;
  /** Wait after leaving so the leave spreads before shutdown. @default 1_000 */
  readonly leavePropagateDelayMs: number;
  /** Recent user events kept for de-duplication and push/pull. @default 512 */
  readonly eventBuffer: number;
  /** Recent queries kept for de-duplication. @default 512 */
  readonly queryBuffer: number;
  /** How often failed and left members are reaped. @default 15_000 */
  readonly reapIntervalMs: number;
  /** Failed members are erased this long after failing. @default 86_400_000 (24 h) */
  readonly reconnectTimeoutMs: number;
  /** Left members are erased this long after leaving. @default 86_400_000 (24 h) */
  readonly tombstoneTimeoutMs: number;
  /** Intents for unknown members are kept this long. @default 300_000 (5 min) */
  readonly recentIntentTimeoutMs: number;
  /** Default query timeout = gossip interval × this × ceil(log10(n + 1)). @default 16 */
  readonly queryTimeoutMult: number;
  /** Largest encoded query. @default 1_024 */
  readonly querySizeLimit: number;
  /** Largest encoded query response. @default 1_024 */
  readonly queryResponseSizeLimit: number;
  /** Largest user event (name + payload, and encoded). @default 512 */
  readonly userEventSizeLimit: number;
  /**
   * Coalesce received user events sent with `coalesce` (Serf `UserCoalescePeriod`): hold them at
   * most this long, delivering per name only those at the highest Lamport time. 0 = off. @default 0
   */
  readonly userCoalescePeriodMs: number;
  /** A coalesced batch is delivered after this much quiet (Serf `UserQuiescentPeriod`). @default 0 */
  readonly userQuiescentPeriodMs: number;
}

/** Overrides of any {@link ResolvedSerfOptions} value. */
export type SerfOptions = Partial<ResolvedSerfOptions>;

/** Serf's defaults. */
export const SERF_DEFAULTS: ResolvedSerfOptions = Object.freeze({
  protocolVersion: 5,
  broadcastTimeoutMs: 5_000,
  leavePropagateDelayMs: 1_000,
  eventBuffer: 512,
  queryBuffer: 512,
  reapIntervalMs: 15_000,
  reconnectTimeoutMs: 86_400_000,
  tombstoneTimeoutMs: 86_400_000,
  recentIntentTimeoutMs: 300_000,
  queryTimeoutMult: 16,
  querySizeLimit: 1_024,
  queryResponseSizeLimit: 1_024,
  userEventSizeLimit: 512,
  userCoalescePeriodMs: 0,
  userQuiescentPeriodMs: 0,
});

/**
 * Apply defaults and validate.
 *
 * @throws SerfError `ERR_INVALID_OPTION` naming the first bad value.
 */
export function resolveSerfOptions(o: SerfOptions = {}): ResolvedSerfOptions {
  const r: ResolvedSerfOptions = { ...SERF_DEFAULTS };
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (!(k in SERF_DEFAULTS)) throw new SerfError('ERR_INVALID_OPTION', `unknown option ${k}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new SerfError('ERR_INVALID_OPTION', `option ${k} must be a non-negative number`);
    (r as unknown as Record<string, number>)[k] = v;
  }
  const pv = r.protocolVersion;
  if (!Number.isInteger(pv) || pv < SERF_PROTOCOL_MIN || pv > SERF_PROTOCOL_MAX)
    throw new SerfError(
      'ERR_INVALID_OPTION',
      `protocolVersion must be in [${SERF_PROTOCOL_MIN}, ${SERF_PROTOCOL_MAX}], got ${pv}`,
    );
  for (const k of ['eventBuffer', 'queryBuffer', 'queryTimeoutMult'] as const)
    if (!Number.isInteger(r[k]) || r[k] < 1)
      throw new SerfError('ERR_INVALID_OPTION', `option ${k} must be a positive integer`);
  if (r.userCoalescePeriodMs > 0 !== r.userQuiescentPeriodMs > 0)
    throw new SerfError(
      'ERR_INVALID_OPTION',
      'userCoalescePeriodMs and userQuiescentPeriodMs must both be set (or both 0)',
    );
  if (r.reapIntervalMs <= 0)
    throw new SerfError('ERR_INVALID_OPTION', 'option reapIntervalMs must be positive');
  return Object.freeze(r);
}
