/**
 * Numbers of the memberlist wire protocol (memberlist v0.2.2 … master, see docs/PROTOCOL.md).
 * Facts, not tunables: changing them breaks interoperability unless noted.
 */
import { DEFAULT_MAX_PACKET_SIZE } from '@ring/base';

/** Go's `UDPBufferSize`: the budget for building one packet (piggybacking), in bytes. */
export const UDP_BUFFER_SIZE = DEFAULT_MAX_PACKET_SIZE;

/** Largest datagram Go can receive (its read buffer), in bytes. */
export const MAX_PACKET_SIZE = 65_536;

/** Most parts a compound may carry so that memberlist v0.2.2 parses it correctly (§6). */
export const MAX_COMPOUND_PARTS_V022 = 127;

/** Most parts the compound format can express (one count byte). */
export const MAX_COMPOUND_PARTS = 255;

/** Largest part of a compound (uint16 length). */
export const MAX_COMPOUND_PART_SIZE = 65_535;

/** Compound header bytes (type + count). */
export const COMPOUND_HEADER_OVERHEAD = 2;

/** Bytes each compound part adds besides itself (its uint16 length). */
export const COMPOUND_PART_OVERHEAD = 2;

/** Go's `maxPushStateBytes`: the largest encrypted stream frame, in bytes (20 MiB). */
export const MAX_PUSH_STATE_BYTES = 20 * 1024 * 1024;

/** Largest `Nodes` count in a push/pull header that newer Go accepts (v0.6.0+). */
export const MAX_PUSH_PULL_NODES = 1_048_576;

/** Largest `UserStateLen` in a push/pull header (v0.6.0+), in bytes. */
export const MAX_USER_STATE_BYTES = 20 * 1024 * 1024;

/** Largest reliable user message (`UserMsgLen`, master after v0.6.0), in bytes. */
export const MAX_USER_MSG_BYTES = 20 * 1024 * 1024;

/** Largest decompressed message (master after v0.6.0), in bytes (40 MiB). */
export const MAX_DECOMPRESSED_BYTES = 40 * 1024 * 1024;

/** Go's CRC wrapper header: type byte + big-endian CRC-32. */
export const CRC_HEADER_SIZE = 5;

/** AES-GCM nonce size. */
export const NONCE_SIZE = 12;

/** AES-GCM tag size. */
export const TAG_SIZE = 16;

/** AES block size (PKCS#7 padding of encryption version 0). */
export const AES_BLOCK_SIZE = 16;

/** Encryption overhead of version 1: version byte + nonce + tag. */
export const ENCRYPTION_OVERHEAD_V1 = 1 + NONCE_SIZE + TAG_SIZE;

/** Largest encryption overhead of version 0: version byte + nonce + full padding block + tag. */
export const ENCRYPTION_OVERHEAD_V0 = 1 + NONCE_SIZE + AES_BLOCK_SIZE + TAG_SIZE;

/** Stream encryption frame header: type byte 10 + uint32 length. */
export const STREAM_ENCRYPT_HEADER_SIZE = 5;

/** Longest cluster label, in bytes. */
export const MAX_LABEL_LENGTH = 255;

/** Compression algorithm id of LZW, the only one memberlist defines. */
export const LZW_ALGO = 0;

/** Deepest nesting of unknown msgpack values the reader skips before giving up. */
export const MAX_SKIP_DEPTH = 32;
