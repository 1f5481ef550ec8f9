/** Lifecycle state of a member, as memberlist numbers it on the wire (0–3). */
export type MemberState = 'alive' | 'suspect' | 'dead' | 'left';

/** Wire numbers of {@link MemberState} (push/pull `State` field). */
export const MEMBER_STATE_CODES: Readonly<Record<MemberState, number>> = Object.freeze({
  alive: 0,
  suspect: 1,
  dead: 2,
  left: 3,
});

/** A protocol version window: lowest and highest understood, and the one spoken. */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
  readonly cur: number;
}

/** A cluster member as seen by this node. Immutable snapshot. */
export interface Member {
  /** Unique node name (memberlist's identity). */
  readonly name: string;
  /** Gossip address, `host:port` (`[v6]:port` for IPv6). */
  readonly address: string;
  /** Node metadata (≤ 512 bytes); see `encodeTags` for Serf-style tags. */
  readonly meta: Uint8Array;
  /** Current state. */
  readonly state: MemberState;
  /** Incarnation number: only the member itself raises it, to refute suspicion. */
  readonly incarnation: number;
  /** memberlist protocol versions (`Vsn[0..2]`). */
  readonly protocol: VersionRange;
  /** Delegate (application) protocol versions (`Vsn[3..5]`). */
  readonly delegate: VersionRange;
}

/**
 * Decode memberlist's 6-byte `Vsn` (`[pmin, pmax, pcur, dmin, dmax, dcur]`) into version ranges.
 * Missing bytes read as 0.
 *
 * @param vsn - the raw bytes.
 */
export function versionsFromVsn(vsn: Uint8Array): {
  protocol: VersionRange;
  delegate: VersionRange;
} {
  return {
    protocol: { min: vsn[0] ?? 0, max: vsn[1] ?? 0, cur: vsn[2] ?? 0 },
    delegate: { min: vsn[3] ?? 0, max: vsn[4] ?? 0, cur: vsn[5] ?? 0 },
  };
}

/**
 * Whether a received `Vsn` is acceptable (memberlist ignores alive messages whose protocol window
 * is empty or zero). An absent Vsn (length 0) is accepted, as Go does.
 *
 * @param vsn - the raw bytes.
 */
export function isValidVsn(vsn: Uint8Array): boolean {
  if (vsn.length === 0) return true;
  if (vsn.length < 3) return false;
  const pmin = vsn[0]!;
  const pmax = vsn[1]!;
  return pmin !== 0 && pmax !== 0 && pmin <= pmax;
}

/** Byte equality of two small arrays (meta, Vsn). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
