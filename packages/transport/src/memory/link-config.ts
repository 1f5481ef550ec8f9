import { TransportError } from '../errors.js';

/**
 * Fault model of one direction of a link in a {@link MemoryNetwork}. All fields are optional;
 * unset fields take the network's `defaultLink` value, then these defaults.
 */
export interface LinkConfig {
  /**
   * One-way delay of every packet and stream chunk (ms).
   * @defaultValue 0
   */
  readonly latencyMs?: number;
  /**
   * Extra delay drawn uniformly from [0, jitterMs) per packet (ms). Jitter alone can reorder packets;
   * streams stay ordered.
   * @defaultValue 0
   */
  readonly jitterMs?: number;
  /**
   * Probability in [0, 1] that a packet is lost. Streams are reliable and unaffected.
   * @defaultValue 0
   */
  readonly loss?: number;
  /**
   * Probability in [0, 1] that a delivered packet arrives twice (the copy gets its own jitter).
   * @defaultValue 0
   */
  readonly duplicate?: number;
  /**
   * Probability in [0, 1] that a packet is held back by `reorderDelayMs`, so later ones overtake it.
   * @defaultValue 0
   */
  readonly reorder?: number;
  /**
   * Extra delay of a reordered packet (ms).
   * @defaultValue 10
   */
  readonly reorderDelayMs?: number;
}

/** A {@link LinkConfig} with every field set. */
export type ResolvedLinkConfig = { readonly [K in keyof LinkConfig]-?: number };

/** Defaults of {@link LinkConfig}: a perfect, instantaneous link. */
export const DEFAULT_LINK: ResolvedLinkConfig = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelayMs: 10,
});

function check(name: string, value: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new TransportError(
      'ERR_INVALID_OPTION',
      `link ${name} must be a number in [0, ${max}], got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Fill unset fields of `config` from `base`, validate, and freeze.
 *
 * @param config - the overrides.
 * @param base - where unset fields come from.
 * @defaultValue base = {@link DEFAULT_LINK}
 * @throws TransportError `ERR_INVALID_OPTION` for a negative/non-finite duration or a probability outside [0, 1].
 */
export function resolveLinkConfig(
  config: LinkConfig = {},
  base: ResolvedLinkConfig = DEFAULT_LINK,
): ResolvedLinkConfig {
  return Object.freeze({
    latencyMs: check('latencyMs', config.latencyMs ?? base.latencyMs, Number.MAX_SAFE_INTEGER),
    jitterMs: check('jitterMs', config.jitterMs ?? base.jitterMs, Number.MAX_SAFE_INTEGER),
    loss: check('loss', config.loss ?? base.loss, 1),
    duplicate: check('duplicate', config.duplicate ?? base.duplicate, 1),
    reorder: check('reorder', config.reorder ?? base.reorder, 1),
    reorderDelayMs: check(
      'reorderDelayMs',
      config.reorderDelayMs ?? base.reorderDelayMs,
      Number.MAX_SAFE_INTEGER,
    ),
  });
}

/** Traffic counters of one direction of a link. */
export interface LinkStats {
  /** Packets handed to the link by the sender. */
  sent: number;
  /** Packets handed to the receiver's `onPacket` (duplicates count twice). */
  delivered: number;
  /** Packets lost: by configured loss, a partition, or no started transport at the destination. */
  dropped: number;
  /** Extra copies created by duplication. */
  duplicated: number;
  /** Packets held back by reordering. */
  reordered: number;
}

/** A fresh all-zero {@link LinkStats}. */
export function emptyLinkStats(): LinkStats {
  return { sent: 0, delivered: 0, dropped: 0, duplicated: 0, reordered: 0 };
}
