import type { Broadcast, DoneReason } from '../message/broadcast.js';
import {
  DEFAULT_DROP_POLICY,
  DEFAULT_MAX_QUEUE_DEPTH,
  DEFAULT_OVERHEAD_BYTES,
  DEFAULT_PACKET_BUDGET_BYTES,
  DEFAULT_RETRANSMIT_MULT,
  DROP_POLICIES,
  type DropPolicy,
} from '../constants.js';
import { BroadcastError } from '../errors.js';

/** What the queue needs from its surroundings. */
export interface TransmitQueueComponents {
  /**
   * Current cluster size (self included), read on every `getBroadcasts` call. swim wires it to its
   * member table, so the retransmit limit always follows the membership.
   */
  readonly numNodes: () => number;
  /**
   * Receives an error thrown by a broadcast's `onDone`. The queue's
   * state is already consistent when it is called and the remaining callbacks still run.
   * @default rethrow on a microtask, so the error surfaces as an uncaught exception and is never silent.
   */
  readonly onCallbackError?:
    ((error: unknown, broadcast: Broadcast, reason: DoneReason) => void) | undefined;
}

/** Tunables of the transmit-limited queue. Every field is optional. */
export interface TransmitQueueOptions {
  /**
   * Retransmit multiplier (`mult` in `mult × ⌈log10(n + 1)⌉`), integer ≥ 1.
   * @default 4 (memberlist LAN/WAN; use 2 for the local preset)
   */
  readonly retransmitMult?: number | undefined;
  /**
   * The largest `limitBytes` any `getBroadcasts` call will pass (integer ≥ 1). A broadcast with
   * `message.length + overheadBytes` above it is rejected at enqueue with `ERR_BROADCAST_TOO_LARGE`.
   * @default 1400 (memberlist `UDPBufferSize`)
   */
  readonly packetBudgetBytes?: number | undefined;
  /**
   * Per-message overhead used by the enqueue-time size check and by `getBroadcasts()` when called
   * without arguments (integer ≥ 0, below `packetBudgetBytes`).
   * @default 2 (memberlist's compound length prefix)
   */
  readonly overheadBytes?: number | undefined;
  /**
   * Most broadcasts held at once (integer ≥ 1, or `Infinity` for no bound).
   * @default 4096 (Serf's `MaxQueueDepth`)
   */
  readonly maxQueueDepth?: number | undefined;
  /**
   * Which broadcast gives way when an enqueue finds the queue full: `drop-oldest` evicts the
   * longest-queued broadcast, `drop-newest` discards the incoming one (both report `dropped`),
   * `reject` throws `ERR_QUEUE_FULL` and changes nothing.
   * @default 'drop-oldest'
   */
  readonly dropPolicy?: DropPolicy | undefined;
}

/** {@link TransmitQueueOptions} with every default applied; frozen. */
export interface ResolvedTransmitQueueOptions {
  /** Retransmit multiplier; see {@link TransmitQueueOptions.retransmitMult}. */
  readonly retransmitMult: number;
  /** Packet budget in bytes; see {@link TransmitQueueOptions.packetBudgetBytes}. */
  readonly packetBudgetBytes: number;
  /** Per-message overhead in bytes; see {@link TransmitQueueOptions.overheadBytes}. */
  readonly overheadBytes: number;
  /** Depth bound (`Infinity` = none); see {@link TransmitQueueOptions.maxQueueDepth}. */
  readonly maxQueueDepth: number;
  /** Drop policy; see {@link TransmitQueueOptions.dropPolicy}. */
  readonly dropPolicy: DropPolicy;
}

/**
 * Apply defaults to queue options and validate them.
 *
 * @param options - user options (may be omitted).
 * @returns a frozen object with every field set.
 * @throws BroadcastError `ERR_INVALID_OPTION` when a value is out of range or of the wrong type.
 */
export function resolveOptions(options: TransmitQueueOptions = {}): ResolvedTransmitQueueOptions {
  const retransmitMult = options.retransmitMult ?? DEFAULT_RETRANSMIT_MULT;
  const packetBudgetBytes = options.packetBudgetBytes ?? DEFAULT_PACKET_BUDGET_BYTES;
  const overheadBytes = options.overheadBytes ?? DEFAULT_OVERHEAD_BYTES;
  const maxQueueDepth = options.maxQueueDepth ?? DEFAULT_MAX_QUEUE_DEPTH;
  const dropPolicy = options.dropPolicy ?? DEFAULT_DROP_POLICY;

  requireInteger('retransmitMult', retransmitMult, 1);
  requireInteger('packetBudgetBytes', packetBudgetBytes, 1);
  requireInteger('overheadBytes', overheadBytes, 0);
  if (overheadBytes >= packetBudgetBytes) {
    throw new BroadcastError(
      'ERR_INVALID_OPTION',
      `overheadBytes (${overheadBytes}) must be below packetBudgetBytes (${packetBudgetBytes})`,
    );
  }
  if (maxQueueDepth !== Number.POSITIVE_INFINITY) requireInteger('maxQueueDepth', maxQueueDepth, 1);
  if (!(DROP_POLICIES as readonly unknown[]).includes(dropPolicy)) {
    throw new BroadcastError(
      'ERR_INVALID_OPTION',
      `dropPolicy must be one of ${DROP_POLICIES.join(', ')}, got ${JSON.stringify(dropPolicy)}`,
    );
  }
  return Object.freeze({
    retransmitMult,
    packetBudgetBytes,
    overheadBytes,
    maxQueueDepth,
    dropPolicy,
  });
}

function requireInteger(name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new BroadcastError(
      'ERR_INVALID_OPTION',
      `${name} must be an integer ≥ ${min}, got ${String(value)}`,
    );
  }
}

/** Default for `onCallbackError`: surface the error as an uncaught exception, never swallow it. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/**
 * Check the queue's components and fill in the default `onCallbackError` (rethrow later).
 *
 * @param components - as given to the queue's constructor.
 * @throws BroadcastError `ERR_INVALID_OPTION` when `numNodes` or `onCallbackError` is not a function.
 */
export function resolveComponents(components: TransmitQueueComponents): {
  readonly numNodes: () => number;
  readonly onCallbackError: NonNullable<TransmitQueueComponents['onCallbackError']>;
} {
  if (
    typeof components !== 'object' ||
    components === null ||
    typeof components.numNodes !== 'function'
  ) {
    throw new BroadcastError(
      'ERR_INVALID_OPTION',
      'components.numNodes must be a function returning the cluster size',
    );
  }
  const { onCallbackError } = components;
  if (onCallbackError !== undefined && typeof onCallbackError !== 'function') {
    throw new BroadcastError('ERR_INVALID_OPTION', 'components.onCallbackError must be a function');
  }
  return { numNodes: components.numNodes, onCallbackError: onCallbackError ?? rethrowLater };
}
