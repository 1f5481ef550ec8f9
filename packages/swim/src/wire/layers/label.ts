import { MAX_LABEL_LENGTH } from '../constants.js';
import { TruncatedError, WireError } from '../errors.js';
import { MessageType } from '../messages.js';

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);
// Every packet a node sends or opens carries its one configured label: the last string label is
// kept encoded, so it is not UTF-8 encoded again per packet (callers only read the bytes).
let lastLabel = '';
let lastBytes: Uint8Array = EMPTY;

/**
 * A cluster label as bytes: strings are UTF-8 encoded; `''`/`undefined` = no label.
 *
 * @throws {@link WireError} `ERR_ENCODE` for a label longer than 255 bytes.
 */
export function labelBytes(label: string | Uint8Array | undefined): Uint8Array {
  if (label === undefined || label === '') return EMPTY;
  if (label === lastLabel) return lastBytes;
  const bytes = typeof label === 'string' ? encoder.encode(label) : label;
  if (bytes.length > MAX_LABEL_LENGTH) {
    throw new WireError(
      'ERR_ENCODE',
      `a label holds at most ${MAX_LABEL_LENGTH} bytes, got ${bytes.length}`,
    );
  }
  if (typeof label === 'string') {
    lastLabel = label;
    lastBytes = bytes;
  }
  return bytes;
}

/**
 * The label header `[244][len][label]` written before a labelled packet and at the start of a
 * dialer's stream; empty for no label.
 *
 * @throws {@link WireError} `ERR_ENCODE` for a label longer than 255 bytes.
 */
export function encodeLabelHeader(label: string | Uint8Array | undefined): Uint8Array {
  const bytes = labelBytes(label);
  if (bytes.length === 0) return EMPTY;
  const out = new Uint8Array(2 + bytes.length);
  out[0] = MessageType.HasLabel;
  out[1] = bytes.length;
  out.set(bytes, 2);
  return out;
}

/** Bytes the label header adds (0 without a label). */
export function labelOverhead(label: string | Uint8Array | undefined): number {
  const n = labelBytes(label).length;
  return n === 0 ? 0 : n + 2;
}

/** A parsed label header. */
export interface LabelHeader {
  /** The label bytes (a view into the input). Empty when the input had no header. */
  readonly label: Uint8Array;
  /** Offset of the first byte after the header (0 when there is none). */
  readonly offset: number;
}

/**
 * Read an optional label header at the start of `buf`.
 *
 * @throws {@link WireError} `ERR_DECODE` for a zero-length label or when the header is cut
 *   short (a `TruncatedError`, so a stream parser can wait for more bytes).
 */
export function readLabelHeader(buf: Uint8Array): LabelHeader {
  if (buf.length === 0 || buf[0] !== MessageType.HasLabel) return { label: EMPTY, offset: 0 };
  if (buf.length < 2) throw new TruncatedError('a label header');
  const len = buf[1]!;
  if (len === 0) throw new WireError('ERR_DECODE', 'label header with an empty label');
  if (buf.length < 2 + len) throw new TruncatedError('a label header');
  return { label: buf.subarray(2, 2 + len), offset: 2 + len };
}

/** Byte equality of two labels. */
export function sameLabel(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Apply memberlist's inbound label rule: the received label must equal the configured one
 * (none = empty). With `skipInboundLabelCheck`, unlabelled input is taken as carrying the
 * configured label and labelled input is refused ("double label"). Returns the effective label.
 *
 * @throws {@link WireError} `ERR_LABEL_MISMATCH`.
 */
export function checkLabel(
  received: Uint8Array,
  hadHeader: boolean,
  configured: Uint8Array,
  skipInboundLabelCheck: boolean,
): Uint8Array {
  if (skipInboundLabelCheck) {
    if (hadHeader)
      throw new WireError(
        'ERR_LABEL_MISMATCH',
        'unexpected double label header (skipInboundLabelCheck is set)',
      );
    return configured;
  }
  if (!sameLabel(received, configured)) {
    throw new WireError(
      'ERR_LABEL_MISMATCH',
      'label mismatch: the input belongs to another cluster (or lacks the label)',
    );
  }
  return configured;
}
