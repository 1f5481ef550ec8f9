import type { MetricLabels } from './observability.js';

const NAMES: Readonly<Record<number, string>> = {
  0: 'ping',
  1: 'indirect_ping',
  2: 'ack',
  3: 'suspect',
  4: 'alive',
  5: 'dead',
  6: 'push_pull',
  7: 'compound',
  8: 'user',
  9: 'compress',
  10: 'encrypt',
  11: 'nack',
  12: 'crc',
  13: 'err',
};

// One frozen label object per type, so per-packet metrics allocate nothing.
const LABELS: readonly MetricLabels[] = Array.from({ length: 256 }, (_, t) =>
  Object.freeze({ type: NAMES[t] ?? 'unknown' }),
);

/**
 * The `{ type }` metric labels of a memberlist message type byte (`ping`, `ack`, `alive`, …).
 *
 * @param type - the message type byte.
 */
export function packetTypeLabels(type: number): MetricLabels {
  return LABELS[type & 0xff]!;
}
