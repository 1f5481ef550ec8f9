import type { StreamCodec } from './stream-io.js';
import { encodeStreamMessage } from './wire/index.js';
import type { WireMessage } from './wire/index.js';
import { tryDecodePlain } from './stream-io.js';

/**
 * The packet layers around a message (memberlist §5): compression, CRC, encryption, label on
 * send; the reverse on receive.
 */
export interface PacketLayers {
  /** Most bytes {@link PacketLayers.wrap} adds besides compression savings (budget planning). */
  readonly overhead: number;
  /**
   * Wrap a complete message (possibly a compound) for a peer.
   *
   * @param message - the encoded message.
   * @param peerProtocolMax - the peer's highest protocol version (CRC for ≥ 5), 0 if unknown.
   */
  wrap(message: Uint8Array, peerProtocolMax: number): Uint8Array;
  /**
   * Unwrap an inbound packet to its inner message (decompression happens in dispatch).
   * @throws a WireError/SwimError when the packet must be dropped.
   */
  unwrap(packet: Uint8Array): Uint8Array;
}

/** Stream layers: one message per direction per connection. */
export type StreamLayers = StreamCodec;

/** No compression, CRC, encryption or label. */
export const plainPacketLayers: PacketLayers = Object.freeze({
  overhead: 0,
  wrap: (message: Uint8Array) => message,
  unwrap: (packet: Uint8Array) => packet,
});

/** Plain stream messages, parsed incrementally. */
export const plainStreamLayers: StreamLayers = Object.freeze({
  encode: (msg: WireMessage) => encodeStreamMessage(msg),
  tryDecode: tryDecodePlain,
});
