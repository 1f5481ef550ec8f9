/**
 * The memberlist message set as TypeScript types. Field names are camelCase versions of Go's field
 * names (the wire keys); `schemas.ts` maps them. Byte fields are `Uint8Array`; fields Go commonly
 * sends as msgpack nil (`Meta`, `Payload`, `SourceAddr`) are `Uint8Array | null` so that nil and
 * empty round-trip byte-identically.
 */

/**
 * The one-byte message types. Values are fixed by Go's `iota` order (append-only) plus the label
 * prefix 244.
 */
export const MessageType = {
  /** `pingMsg`: probe (UDP, TCP). */
  Ping: 0,
  /** `indirectPingMsg`: ask a relay to probe a node (UDP). */
  IndirectPing: 1,
  /** `ackRespMsg`: answer to a ping (UDP, TCP). */
  AckResp: 2,
  /** `suspectMsg`: gossip (UDP). */
  Suspect: 3,
  /** `aliveMsg`: gossip (UDP). */
  Alive: 4,
  /** `deadMsg`: gossip, also graceful leave (UDP). */
  Dead: 5,
  /** `pushPullMsg`: state exchange (TCP). */
  PushPull: 6,
  /** `compoundMsg`: several messages in one packet (UDP). */
  Compound: 7,
  /** `userMsg`: application payload (UDP raw, TCP with header). */
  User: 8,
  /** `compressMsg`: LZW-compressed message (UDP, TCP). */
  Compress: 9,
  /** `encryptMsg`: encrypted stream frame (TCP only). */
  Encrypt: 10,
  /** `nackRespMsg`: relay could not reach the target (UDP). */
  NackResp: 11,
  /** `hasCrcMsg`: CRC-32 wrapper, outermost after decryption (UDP). */
  HasCrc: 12,
  /** `errMsg`: error reply on a stream (TCP). */
  Err: 13,
  /** `hasLabelMsg`: cluster label prefix (UDP packets, TCP dialer), memberlist v0.3.0+. */
  HasLabel: 244,
} as const;

/** A value of {@link MessageType}. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Go `ping`: a probe. */
export interface Ping {
  /** Go `SeqNo` (uint32). */
  seqNo: number;
  /** Go `Node`: the intended target's name; `""` = any. */
  node: string;
  /** Go `SourceAddr` (omitempty): 4- or 16-byte IP to reply to; `null`/empty = absent. */
  sourceAddr: Uint8Array | null;
  /** Go `SourcePort` (omitempty, uint16); 0 = absent. */
  sourcePort: number;
  /** Go `SourceNode` (omitempty): sender's name; `""` = absent. */
  sourceNode: string;
}

/** Go `indirectPingReq`: "please probe `node` at `target:port` for me". */
export interface IndirectPingReq {
  /** Go `SeqNo` (uint32): the requester's sequence number. */
  seqNo: number;
  /** Go `Target`: target IP, 4 or 16 bytes. */
  target: Uint8Array;
  /** Go `Port` (uint16): target port. */
  port: number;
  /** Go `Node`: target name. */
  node: string;
  /** Go `Nack`: ask the relay for a nack on failure (relays with PMax ≥ 4). */
  nack: boolean;
  /** Go `SourceAddr` (omitempty). */
  sourceAddr: Uint8Array | null;
  /** Go `SourcePort` (omitempty, uint16). */
  sourcePort: number;
  /** Go `SourceNode` (omitempty). */
  sourceNode: string;
}

/** Go `ackResp`. */
export interface AckResp {
  /** Go `SeqNo` (uint32). */
  seqNo: number;
  /** Go `Payload`: ping delegate payload, usually `null` (nil). */
  payload: Uint8Array | null;
}

/** Go `nackResp`. */
export interface NackResp {
  /** Go `SeqNo` (uint32). */
  seqNo: number;
}

/** Go `errResp`: error reply on a stream. */
export interface ErrResp {
  /** Go `Error`. */
  error: string;
}

/** Go `suspect`. */
export interface Suspect {
  /** Go `Incarnation` (uint32). */
  incarnation: number;
  /** Go `Node`: the suspected node. */
  node: string;
  /** Go `From`: who suspects. */
  from: string;
}

/** Go `dead`; `from === node` means a graceful leave. */
export interface Dead {
  /** Go `Incarnation` (uint32). */
  incarnation: number;
  /** Go `Node`: the dead node. */
  node: string;
  /** Go `From`: who declares it. */
  from: string;
}

/** Go `alive`. */
export interface Alive {
  /** Go `Incarnation` (uint32). */
  incarnation: number;
  /** Go `Node`. */
  node: string;
  /** Go `Addr`: 4-byte IPv4 or 16-byte IPv6. */
  addr: Uint8Array;
  /** Go `Port` (uint16). */
  port: number;
  /** Go `Meta`: node metadata (≤ 512 bytes by convention), `null` = nil. */
  meta: Uint8Array | null;
  /** Go `Vsn`: `[pmin, pmax, pcur, dmin, dmax, dcur]`, exactly 6 bytes when sent. */
  vsn: Uint8Array;
}

/** Go `pushPullHeader`: first value of a push/pull stream message. */
export interface PushPullHeader {
  /** Go `Nodes` (int): node states that follow. */
  nodes: number;
  /** Go `UserStateLen` (int): raw user-state bytes after the last node state. */
  userStateLen: number;
  /** Go `Join`: true for a join exchange (the reply echoes it). */
  join: boolean;
}

/** Node states in push/pull (Go `State` int). */
export const NodeStateType = {
  /** `StateAlive`. */
  Alive: 0,
  /** `StateSuspect`. */
  Suspect: 1,
  /** `StateDead`. */
  Dead: 2,
  /** `StateLeft` (v0.2.2+). */
  Left: 3,
} as const;

/** A value of {@link NodeStateType} (other ints may arrive; the receiver decides). */
export type NodeStateType = (typeof NodeStateType)[keyof typeof NodeStateType];

/** Go `pushNodeState`: one node in a push/pull. Note `name`, not `node`. */
export interface PushNodeState {
  /** Go `Name`. */
  name: string;
  /** Go `Addr`: 4 or 16 bytes. */
  addr: Uint8Array;
  /** Go `Port` (uint16). */
  port: number;
  /** Go `Meta`, `null` = nil. */
  meta: Uint8Array | null;
  /** Go `Incarnation` (uint32). */
  incarnation: number;
  /** Go `State` (int): see {@link NodeStateType}. */
  state: number;
  /** Go `Vsn`: 6 bytes (may be empty/short from a broken peer: check before use). */
  vsn: Uint8Array;
}

/** Go `userMsgHeader`: precedes a reliable (stream) user message. */
export interface UserMsgHeader {
  /** Go `UserMsgLen` (int): payload bytes that follow. */
  userMsgLen: number;
}

/** Go `compress`: a compressed message. */
export interface Compress {
  /** Go `Algo` (uint8): 0 = LZW, the only algorithm. */
  algo: number;
  /** Go `Buf`: compressed bytes of a complete message. */
  buf: Uint8Array;
}

/** A user message body: over UDP the payload is the rest of the packet; over TCP it is framed. */
export interface UserMsg {
  /** The application payload. */
  payload: Uint8Array;
}

/** A compound body: the raw parts, each a complete message starting with its type byte. */
export interface Compound {
  /** Complete messages, as subarrays of the input (copy them before keeping them). */
  parts: Uint8Array[];
  /** Parts declared by the header but cut off by the end of the packet (Go drops them too). */
  truncated: number;
}

/** A push/pull stream message: header, node states, user state. */
export interface PushPull {
  /** Go's `Join` flag. */
  join: boolean;
  /** Node states (the header's `Nodes` equals `nodes.length`). */
  nodes: PushNodeState[];
  /** Delegate state bytes (the header's `UserStateLen` equals `userState.length`). */
  userState: Uint8Array;
}

/** Any decoded or encodable memberlist message, discriminated by `type`. */
export type WireMessage =
  | { type: typeof MessageType.Ping; body: Ping }
  | { type: typeof MessageType.IndirectPing; body: IndirectPingReq }
  | { type: typeof MessageType.AckResp; body: AckResp }
  | { type: typeof MessageType.Suspect; body: Suspect }
  | { type: typeof MessageType.Alive; body: Alive }
  | { type: typeof MessageType.Dead; body: Dead }
  | { type: typeof MessageType.PushPull; body: PushPull }
  | { type: typeof MessageType.Compound; body: Compound }
  | { type: typeof MessageType.User; body: UserMsg }
  | { type: typeof MessageType.Compress; body: Compress }
  | { type: typeof MessageType.NackResp; body: NackResp }
  | { type: typeof MessageType.Err; body: ErrResp };

/** The message for a given type number, e.g. `MessageOf<typeof MessageType.Alive>`. */
export type MessageOf<T extends WireMessage['type']> = Extract<WireMessage, { type: T }>;
