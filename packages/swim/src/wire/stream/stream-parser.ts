import { checkPushPullHeader, decodeStreamMessage } from '../codec.js';
import { STREAM_ENCRYPT_HEADER_SIZE } from '../constants.js';
import { decryptPayload } from '../layers/encryption.js';
import { TruncatedError, WireError } from '../errors.js';
import type { Keyring } from '../layers/keyring.js';
import { checkLabel, labelBytes, readLabelHeader } from '../layers/label.js';
import type { ResolvedWireLimits } from '../limits.js';
import { checkSize, DEFAULT_LIMITS } from '../limits.js';
import type { PushNodeState, PushPullHeader, WireMessage } from '../messages.js';
import { MessageType } from '../messages.js';
import { MsgpackReader } from '../msgpack/msgpack-reader.js';
import { decompressBody } from '../packet.js';
import {
  compressSchema,
  decodeStruct,
  pushNodeStateSchema,
  pushPullHeaderSchema,
  userMsgHeaderSchema,
} from '../schemas.js';
import { MIN_STREAM_FRAME_LENGTH } from './stream.js';

/** Options of a {@link StreamParser}. */
export interface StreamParserOptions {
  /** Keys for encrypted frames. With at least one key, plaintext is refused unless `verifyIncoming` is false. @default undefined */
  readonly keyring?: Keyring | undefined;
  /** Go's `GossipVerifyIncoming`: require encryption when keys are installed. @default true */
  readonly verifyIncoming?: boolean;
  /** The configured cluster label (AAD of encrypted frames; checked against the dialer's header). @default '' */
  readonly label?: string | Uint8Array;
  /**
   * This side accepted the connection, so the stream may start with the dialer's label header,
   * which is read and checked. The dialer parses the reply with `false` (no header comes back).
   * @default false
   */
  readonly acceptor?: boolean;
  /** Go's `SkipInboundLabelCheck`. @default false */
  readonly skipInboundLabelCheck?: boolean;
  /** Size bounds. @default DEFAULT_LIMITS */
  readonly limits?: ResolvedWireLimits;
}

const EMPTY = new Uint8Array(0);

// Stream message types a peer may send (ping/ack for the TCP fallback probe, err as reply).
const STREAM_TYPES: ReadonlySet<number> = new Set([
  MessageType.Ping,
  MessageType.AckResp,
  MessageType.PushPull,
  MessageType.User,
  MessageType.Err,
]);

interface PushPullProgress {
  header: PushPullHeader;
  nodes: PushNodeState[];
  pos: number;
}

/**
 * Incremental parser for memberlist stream (TCP) traffic. Feed it chunks as they arrive with
 * {@link StreamParser.push}; it returns every message completed by that chunk. Plain and compressed
 * messages carry no length prefix (Go never half-closes), so they are recognised by parsing;
 * push/pull state is parsed node by node so that slow arrival stays linear. Encrypted frames
 * (`[10][len]`) are decrypted with the keyring (AAD = header + label). Every size field is
 * bounded by `limits` before anything is buffered for it, and an incomplete message may not grow
 * beyond `limits.maxStreamBytes`.
 *
 * After an error the parser is failed: further calls rethrow it.
 *
 * @example
 * ```ts
 * const parser = new StreamParser({ acceptor: true, keyring });
 * socket.on('data', (chunk) => { for (const msg of parser.push(chunk)) handle(msg); });
 * socket.on('end', () => parser.end());
 * ```
 */
export class StreamParser {
  private buf: Uint8Array = new Uint8Array(256);
  private len = 0;
  private labelDone: boolean;
  private effectiveLabel: Uint8Array;
  private pp: PushPullProgress | undefined;
  private failed: WireError | undefined;
  private readonly configuredLabel: Uint8Array;
  private readonly opts: StreamParserOptions;
  private readonly limits: ResolvedWireLimits;
  private readonly keys: () => readonly Uint8Array[];

  /**
   * @param options - keys, label and limits.
   * @throws {@link WireError} `ERR_ENCODE` for a label over 255 bytes.
   */
  constructor(options: StreamParserOptions = {}) {
    this.opts = options;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.configuredLabel = labelBytes(options.label);
    this.effectiveLabel = this.configuredLabel;
    this.labelDone = !(options.acceptor ?? false);
    const ring = options.keyring;
    this.keys = ring === undefined ? () => [] : () => ring.keysForDecrypt();
  }

  /** The label in effect (read from the dialer's header on the acceptor side). */
  get label(): Uint8Array {
    return this.effectiveLabel;
  }

  /** Bytes received but not yet part of a completed message. */
  get buffered(): number {
    return this.len;
  }

  /**
   * Add received bytes; returns the messages they complete (usually zero or one).
   *
   * @throws {@link WireError} `ERR_DECODE` (malformed), `ERR_TOO_LARGE` (a size beyond the limits),
   *   `ERR_LABEL_MISMATCH`, `ERR_ENCRYPTION_REQUIRED` (plaintext while keys are installed),
   *   `ERR_NO_KEY` (an encrypted frame without keys), `ERR_DECRYPT`, `ERR_UNSUPPORTED`
   *   (a message type that cannot appear on a stream, an unknown compression algorithm).
   */
  push(chunk: Uint8Array): WireMessage[] {
    if (this.failed !== undefined) throw this.failed;
    try {
      this.append(chunk);
      const out: WireMessage[] = [];
      for (;;) {
        const msg = this.parseOne();
        if (msg === undefined) break;
        out.push(msg);
      }
      return out;
    } catch (e) {
      this.failed =
        e instanceof WireError
          ? e
          : new WireError('ERR_DECODE', 'stream parse failed', { cause: e });
      throw this.failed;
    }
  }

  /**
   * Declare the end of the stream (the peer closed).
   *
   * @throws {@link WireError} `ERR_DECODE` when the stream ended inside a message.
   */
  end(): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.len > 0 || this.pp !== undefined) {
      this.failed = new WireError(
        'ERR_DECODE',
        `stream ended inside a message (${this.len} bytes pending)`,
      );
      throw this.failed;
    }
  }

  private append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const need = this.len + chunk.length;
    if (need > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < need) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len = need;
  }

  private consume(n: number): void {
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.pp = undefined;
  }

  private parseOne(): WireMessage | undefined {
    const b = this.buf.subarray(0, this.len);
    try {
      if (!this.labelDone) {
        if (b.length === 0) return undefined;
        const { label, offset } = readLabelHeader(b);
        this.effectiveLabel = checkLabel(
          label,
          offset > 0,
          this.configuredLabel,
          this.opts.skipInboundLabelCheck ?? false,
        );
        this.labelDone = true;
        if (offset > 0) this.consume(offset);
        return this.parseOne();
      }
      if (b.length === 0) return undefined;
      const type = b[0]!;
      const keys = this.keys();
      if (type === MessageType.Encrypt) return this.parseFrame(b, keys);
      if (keys.length > 0 && (this.opts.verifyIncoming ?? true)) {
        throw new WireError(
          'ERR_ENCRYPTION_REQUIRED',
          'encryption is configured but the remote stream is not encrypted',
        );
      }
      switch (type) {
        case MessageType.PushPull:
          return this.parsePushPull(b);
        case MessageType.Compress: {
          const r = new MsgpackReader(b, 1);
          const body = decodeStruct(r, compressSchema);
          const inner = decompressBody(body, this.limits.maxDecompressedBytes);
          const msg = this.decodeComplete(inner);
          this.consume(r.pos);
          return msg;
        }
        default: {
          if (!STREAM_TYPES.has(type))
            throw new WireError(
              'ERR_UNSUPPORTED',
              `message type ${type} cannot appear on a stream`,
            );
          const msg = decodeStreamMessage(b, this.limits);
          this.consume(this.endOf(b, type));
          return msg;
        }
      }
    } catch (e) {
      if (!(e instanceof TruncatedError)) throw e;
      if (this.len > this.limits.maxStreamBytes + STREAM_ENCRYPT_HEADER_SIZE) {
        throw new WireError(
          'ERR_TOO_LARGE',
          `stream message exceeds ${this.limits.maxStreamBytes} bytes`,
        );
      }
      return undefined;
    }
  }

  /** Byte length of the complete single-struct (or user) message at the start of `b`. */
  private endOf(b: Uint8Array, type: number): number {
    const r = new MsgpackReader(b, 1);
    r.skip();
    if (type === MessageType.User) {
      // userMsgHeader{UserMsgLen} then the payload; decodeStreamMessage already checked it.
      const len = decodeStruct(new MsgpackReader(b, 1), userMsgHeaderSchema).userMsgLen;
      return r.pos + len;
    }
    return r.pos;
  }

  private parseFrame(b: Uint8Array, keys: readonly Uint8Array[]): WireMessage | undefined {
    if (b.length < STREAM_ENCRYPT_HEADER_SIZE) return undefined;
    const len = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(1);
    checkSize('encrypted stream frame length', len, this.limits.maxStreamBytes);
    if (len < MIN_STREAM_FRAME_LENGTH)
      throw new WireError('ERR_DECODE', `encrypted stream frame too short: ${len}`);
    if (keys.length === 0)
      throw new WireError('ERR_NO_KEY', 'the remote stream is encrypted but no keys are installed');
    const total = STREAM_ENCRYPT_HEADER_SIZE + len;
    if (b.length < total) return undefined;
    const aad = new Uint8Array(STREAM_ENCRYPT_HEADER_SIZE + this.effectiveLabel.length);
    aad.set(b.subarray(0, STREAM_ENCRYPT_HEADER_SIZE));
    aad.set(this.effectiveLabel, STREAM_ENCRYPT_HEADER_SIZE);
    const { plaintext } = decryptPayload(keys, b.subarray(STREAM_ENCRYPT_HEADER_SIZE, total), aad);
    let inner = plaintext;
    if (inner[0] === MessageType.Compress) {
      const body = this.complete(() => decodeStruct(new MsgpackReader(inner, 1), compressSchema));
      inner = decompressBody(body, this.limits.maxDecompressedBytes);
    }
    const msg = this.decodeComplete(inner);
    this.consume(total);
    return msg;
  }

  /** Decode a message that must be complete (decrypted or decompressed bytes). */
  private decodeComplete(bytes: Uint8Array): WireMessage {
    const type = bytes[0];
    if (type === undefined) throw new WireError('ERR_DECODE', 'empty stream message');
    if (!STREAM_TYPES.has(type))
      throw new WireError(
        'ERR_UNSUPPORTED',
        `message type ${type} cannot appear inside a stream frame`,
      );
    return this.complete(() => decodeStreamMessage(bytes, this.limits));
  }

  private complete<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof TruncatedError)
        throw new WireError('ERR_DECODE', `incomplete message inside a frame: ${e.message}`);
      throw e;
    }
  }

  private parsePushPull(b: Uint8Array): WireMessage | undefined {
    let pp = this.pp;
    if (pp === undefined) {
      const r = new MsgpackReader(b, 1);
      const header = decodeStruct(r, pushPullHeaderSchema);
      checkPushPullHeader(header, this.limits);
      pp = { header, nodes: [], pos: r.pos };
      this.pp = pp;
    }
    while (pp.nodes.length < pp.header.nodes) {
      const r = new MsgpackReader(b, pp.pos);
      pp.nodes.push(decodeStruct(r, pushNodeStateSchema));
      pp.pos = r.pos;
    }
    const end = pp.pos + pp.header.userStateLen;
    if (b.length < end) {
      checkSize(
        'buffered push/pull',
        end,
        this.limits.maxStreamBytes + this.limits.maxUserStateBytes,
      );
      return undefined;
    }
    const userState = pp.header.userStateLen === 0 ? EMPTY : b.slice(pp.pos, end);
    const msg: WireMessage = {
      type: MessageType.PushPull,
      body: { join: pp.header.join, nodes: pp.nodes, userState },
    };
    this.consume(end);
    return msg;
  }
}
