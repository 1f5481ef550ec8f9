import type { Keyring, WireMessage } from '../wire/index.js';
import { StreamParser, encodeStream, encodePacket } from '../wire/index.js';
import { openPacket, packetOverhead } from '../wire/packet.js';

/**
 * The packet layers around a message (memberlist §5): compression, CRC, encryption, label on
 * send; the reverse on receive (decompression happens in dispatch, where it may nest).
 */
export interface PacketLayers {
  /** Most bytes {@link PacketLayers.wrap} adds (CRC, encryption, label), for budget planning. */
  readonly overhead: number;
  /**
   * Wrap a complete message (possibly a compound) for a peer.
   *
   * @param message - the encoded message.
   * @param peerProtocolMax - the peer's highest protocol version (CRC for ≥ 5), 0 if unknown.
   */
  wrap(message: Uint8Array, peerProtocolMax: number): Uint8Array;
  /**
   * Unwrap an inbound packet to its inner message.
   * @throws a WireError when the packet must be dropped (label mismatch, decryption, CRC).
   */
  unwrap(packet: Uint8Array): Uint8Array;
}

/** Incremental reader of one side of a stream. */
export interface StreamReader {
  /** Feed bytes; returns the messages they complete. @throws WireError for malformed input. */
  push(chunk: Uint8Array): WireMessage[];
}

/** Stream layers (compression, encryption, label): one message per direction per connection. */
export interface StreamLayers {
  /**
   * Bytes to write for `msg`.
   *
   * @param msg - the message.
   * @param dialer - true on the connecting side (which writes the label header first).
   */
  encode(msg: WireMessage, dialer: boolean): Uint8Array;
  /**
   * A reader for one connection.
   *
   * @param acceptor - true on the accepting side (which reads and checks the label header).
   */
  reader(acceptor: boolean): StreamReader;
}

/** What {@link createLayers} builds the layers from. */
export interface LayerConfig {
  /** Compress outgoing packets (when smaller) and streams. memberlist default: on. */
  readonly compression: boolean;
  /** Encryption keys; encryption is on when it holds a key. */
  readonly keyring?: Keyring | undefined;
  /** Cluster label ('' = none). */
  readonly label?: string | undefined;
}

/**
 * Build packet and stream layers that behave like memberlist with the given settings (CRC for
 * peers with protocol max ≥ 5, compression only when smaller for packets, always for streams).
 *
 * @param config - compression, keyring and label.
 * @throws WireError `ERR_ENCODE` for a label over 255 bytes.
 */
export function createLayers(config: LayerConfig): { packet: PacketLayers; stream: StreamLayers } {
  const { compression, keyring } = config;
  const label = config.label ?? '';
  const overhead = packetOverhead({ crc: true, keyring, label });
  const plainOut = { compress: compression, crc: false, keyring, label };
  const crcOut = { ...plainOut, crc: true };
  const inOpts = { keyring, label };
  const packet: PacketLayers = {
    overhead,
    wrap: (message, peerProtocolMax) =>
      encodePacket(message, peerProtocolMax >= 5 ? crcOut : plainOut),
    unwrap: (bytes) => openPacket(bytes, inOpts).message,
  };
  const dialerOut = { compress: compression, keyring, label, labelHeader: true };
  const acceptorOut = { compress: compression, keyring, label, labelHeader: false };
  const stream: StreamLayers = {
    encode: (msg, dialer) => encodeStream(msg, dialer ? dialerOut : acceptorOut),
    reader: (acceptor) => new StreamParser({ keyring, label, acceptor }),
  };
  return Object.freeze({ packet: Object.freeze(packet), stream: Object.freeze(stream) });
}
