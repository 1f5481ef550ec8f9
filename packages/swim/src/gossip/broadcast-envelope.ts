import type { Random } from '@ring/base';

/**
 * First byte of an application broadcast sent through `createBroadcastChannel`. 0xC1 is the one
 * byte msgpack never uses, so enveloped broadcasts are not mistaken for msgpack-framed user
 * protocols (Serf's user messages start with a small message-type byte).
 */
export const USER_BROADCAST_MAGIC = 0xc1;

/** Envelope header: magic byte + 8-byte random id. */
export const ENVELOPE_HEADER_SIZE = 9;

/**
 * Wrap an application payload: `[0xC1][id: 8 bytes][payload]`. The id lets receivers drop the
 * copies that gossip inevitably delivers more than once.
 *
 * @param payload - application bytes.
 * @param random - source of the id.
 */
export function wrapBroadcast(payload: Uint8Array, random: Random): Uint8Array {
  const out = new Uint8Array(payload.length + ENVELOPE_HEADER_SIZE);
  out[0] = USER_BROADCAST_MAGIC;
  for (let i = 1; i < ENVELOPE_HEADER_SIZE; i++) out[i] = random.int(256);
  out.set(payload, ENVELOPE_HEADER_SIZE);
  return out;
}

/**
 * Split an envelope into its id (hex) and payload, or undefined when it is not one.
 *
 * @param bytes - a received user message.
 */
export function unwrapBroadcast(
  bytes: Uint8Array,
): { id: string; payload: Uint8Array } | undefined {
  if (bytes.length < ENVELOPE_HEADER_SIZE || bytes[0] !== USER_BROADCAST_MAGIC) return undefined;
  let id = '';
  for (let i = 1; i < ENVELOPE_HEADER_SIZE; i++) id += bytes[i]!.toString(16).padStart(2, '0');
  return { id, payload: bytes.subarray(ENVELOPE_HEADER_SIZE) };
}
