/** Seed 001's message: `key=I am node2 value=3`. */
export interface BroadcastMessage {
  readonly key: string;
  readonly value: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encode a message as the bytes a member broadcasts (JSON).
 *
 * @param message - key and value.
 */
export function encodeMessage(message: BroadcastMessage): Uint8Array {
  return encoder.encode(JSON.stringify({ key: message.key, value: message.value }));
}

/**
 * Decode broadcast bytes; `undefined` for anything that is not a message of this demo (another
 * program may share the cluster).
 *
 * @param bytes - what arrived.
 */
export function decodeMessage(bytes: Uint8Array): BroadcastMessage | undefined {
  try {
    const v = JSON.parse(decoder.decode(bytes)) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const { key, value } = v as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || typeof value !== 'number' || !Number.isSafeInteger(value))
      return undefined;
    return { key, value };
  } catch {
    return undefined;
  }
}

/**
 * The seed's line for a message: `key=I am node2 value=3`.
 *
 * @param message - key and value.
 */
export function formatMessage(message: BroadcastMessage): string {
  return `key=${message.key} value=${message.value}`;
}
