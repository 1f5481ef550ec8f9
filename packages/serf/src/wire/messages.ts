/**
 * Serf's gossip messages (serf `messages.go`): one type byte, then a msgpack map keyed by Go field
 * names. Every decoder shape-checks the tree and throws `ERR_DECODE`; unknown keys are ignored and
 * missing keys keep Go's zero value, as go-msgpack does.
 */
import { SerfError } from '../errors.js';
import {
  U32,
  U64,
  arrayField,
  asStruct,
  bad,
  boolField,
  bytesField,
  intField,
  stringField,
  uintField,
} from './fields.js';
import { MsgWriter, decodeValue, text } from './msgpack.js';
import type { EncodableValue, MsgMap, MsgValue } from './msgpack.js';

/** Serf message types (the first byte; an append-only Go iota list). */
export const SerfMessageType = Object.freeze({
  Leave: 0,
  Join: 1,
  PushPull: 2,
  UserEvent: 3,
  Query: 4,
  QueryResponse: 5,
  ConflictResponse: 6,
  KeyRequest: 7,
  KeyResponse: 8,
  Relay: 9,
} as const);
/** One of {@link SerfMessageType}'s values. */
export type SerfMessageTypeValue = (typeof SerfMessageType)[keyof typeof SerfMessageType];

/** Query flag: ask every receiver for an ack. */
export const QUERY_FLAG_ACK = 1;
/** Query flag: receivers must not re-broadcast the query. */
export const QUERY_FLAG_NO_BROADCAST = 2;

/** `messageJoin`: a join intent with the member's Lamport time. */
export interface JoinIntent {
  readonly ltime: number;
  readonly node: string;
}

/** `messageLeave`: a leave intent (`prune` erases the member at once, Serf ≥ 0.8.2). */
export interface LeaveIntent {
  readonly ltime: number;
  readonly node: string;
  readonly prune: boolean;
}

/** One user event as kept in the recent-events buffer (`userEvent`). */
export interface BufferedEvent {
  readonly name: string;
  readonly payload: Uint8Array;
}

/** `userEvents`: the events seen at one Lamport time. */
export interface EventsAtTime {
  readonly ltime: number;
  readonly events: readonly BufferedEvent[];
}

/** `messagePushPull`: Serf's push/pull user state. */
export interface PushPullState {
  readonly ltime: number;
  readonly statusLTimes: ReadonlyMap<string, number>;
  readonly leftMembers: readonly string[];
  readonly eventLTime: number;
  /** The sender's recent-events ring (nil slots kept as `null`, as Serf sends them). */
  readonly events: readonly (EventsAtTime | null)[];
  readonly queryLTime: number;
}

/** `messageUserEvent`. */
export interface UserEventMessage {
  readonly ltime: number;
  readonly name: string;
  readonly payload: Uint8Array;
  /** "can coalesce". */
  readonly cc: boolean;
}

/** `messageQuery`. */
export interface QueryMessage {
  readonly ltime: number;
  readonly id: number;
  /** Source IP (4 or 16 bytes) for the direct reply. */
  readonly addr: Uint8Array;
  readonly port: number;
  readonly sourceNode: string;
  /** Encoded filters (type byte + msgpack), see `query-filter.ts`. */
  readonly filters: readonly Uint8Array[];
  readonly flags: number;
  readonly relayFactor: number;
  /** Go `time.Duration`: nanoseconds. */
  readonly timeoutNs: number;
  readonly name: string;
  readonly payload: Uint8Array;
}

/** `messageQueryResponse` (an ack when `flags & QUERY_FLAG_ACK`). */
export interface QueryResponseMessage {
  readonly ltime: number;
  readonly id: number;
  readonly from: string;
  readonly flags: number;
  readonly payload: Uint8Array;
}

/** `relayHeader` + the relayed message: forward `message` to `destAddr:destPort` (`destName`). */
export interface RelayMessage {
  readonly destIp: Uint8Array;
  readonly destPort: number;
  readonly destZone: string;
  readonly destName: string;
  /** The complete inner message (type byte + body). */
  readonly message: Uint8Array;
}

/** Every decoded Serf message. */
export type SerfMessage =
  | { readonly type: typeof SerfMessageType.Leave; readonly body: LeaveIntent }
  | { readonly type: typeof SerfMessageType.Join; readonly body: JoinIntent }
  | { readonly type: typeof SerfMessageType.PushPull; readonly body: PushPullState }
  | { readonly type: typeof SerfMessageType.UserEvent; readonly body: UserEventMessage }
  | { readonly type: typeof SerfMessageType.Query; readonly body: QueryMessage }
  | { readonly type: typeof SerfMessageType.QueryResponse; readonly body: QueryResponseMessage }
  | { readonly type: typeof SerfMessageType.Relay; readonly body: RelayMessage };

// ------------------------------------------------------------------ codec

/** Go writes a nil `[]byte` as nil; an empty payload is nil in every Serf message we have seen. */
function nilIfEmpty(b: Uint8Array): Uint8Array | null {
  return b.length === 0 ? null : b;
}

function encode(type: number, body: EncodableValue): Uint8Array {
  const w = new MsgWriter();
  w.byte(type);
  w.value(body);
  return w.finish();
}

/** Encode a join intent (`01` + msgpack). */
export function encodeJoin(m: JoinIntent): Uint8Array {
  return encode(SerfMessageType.Join, { LTime: m.ltime, Node: m.node });
}

/** Encode a leave intent (`00` + msgpack). */
export function encodeLeave(m: LeaveIntent): Uint8Array {
  return encode(SerfMessageType.Leave, { LTime: m.ltime, Node: m.node, Prune: m.prune });
}

/** Encode a user event (`03` + msgpack). */
export function encodeUserEvent(m: UserEventMessage): Uint8Array {
  return encode(SerfMessageType.UserEvent, {
    CC: m.cc,
    LTime: m.ltime,
    Name: m.name,
    Payload: nilIfEmpty(m.payload),
  });
}

/** Encode the push/pull user state (`02` + msgpack). */
export function encodePushPull(m: PushPullState): Uint8Array {
  const status: Record<string, EncodableValue> = {};
  for (const [k, v] of m.statusLTimes) status[k] = v;
  return encode(SerfMessageType.PushPull, {
    EventLTime: m.eventLTime,
    Events: m.events.map((e) =>
      e === null
        ? null
        : {
            Events: e.events.map((x) => ({ Name: x.name, Payload: nilIfEmpty(x.payload) })),
            LTime: e.ltime,
          },
    ),
    LTime: m.ltime,
    LeftMembers: [...m.leftMembers],
    QueryLTime: m.queryLTime,
    StatusLTimes: status,
  });
}

function queryBody(m: QueryMessage): EncodableValue {
  return {
    Addr: m.addr,
    Filters: m.filters.length === 0 ? null : [...m.filters],
    Flags: m.flags,
    ID: m.id,
    LTime: m.ltime,
    Name: m.name,
    Payload: nilIfEmpty(m.payload),
    Port: m.port,
    RelayFactor: m.relayFactor,
    SourceNode: m.sourceNode,
    Timeout: m.timeoutNs,
  };
}

/** Encode a query (`04` + msgpack). */
export function encodeQuery(m: QueryMessage): Uint8Array {
  return encode(SerfMessageType.Query, queryBody(m));
}

function responseBody(m: QueryResponseMessage): EncodableValue {
  return { Flags: m.flags, From: m.from, ID: m.id, LTime: m.ltime, Payload: nilIfEmpty(m.payload) };
}

/** Encode a query response or ack (`05` + msgpack). */
export function encodeQueryResponse(m: QueryResponseMessage): Uint8Array {
  return encode(SerfMessageType.QueryResponse, responseBody(m));
}

/**
 * Encode a relayed query response (`09` + relayHeader + `05` + response): the relay forwards the
 * inner message to `destIp:destPort`.
 */
export function encodeRelayedResponse(
  dest: { readonly ip: Uint8Array; readonly port: number; readonly name: string },
  m: QueryResponseMessage,
): Uint8Array {
  const w = new MsgWriter();
  w.byte(SerfMessageType.Relay);
  w.value({ DestAddr: { IP: dest.ip, Port: dest.port, Zone: '' }, DestName: dest.name });
  w.byte(SerfMessageType.QueryResponse);
  w.value(responseBody(m));
  return w.finish();
}

function body(buf: Uint8Array, what: string): MsgMap {
  const { value } = decodeValue(buf, 1);
  return asStruct(value, what);
}

function decodeEventsAtTime(v: MsgValue): EventsAtTime | null {
  if (v === null) return null;
  const m = asStruct(v, 'push/pull event');
  const events = arrayField(m, 'Events', 'push/pull event').map((e) => {
    const x = asStruct(e, 'push/pull event');
    return {
      name: stringField(x, 'Name', 'push/pull event'),
      payload: bytesField(x, 'Payload', 'push/pull event'),
    };
  });
  return { ltime: uintField(m, 'LTime', U64, 'push/pull event'), events };
}

function decodePushPullBody(m: MsgMap): PushPullState {
  const what = 'push/pull';
  const statusRaw = m.get('StatusLTimes') ?? null;
  const statusLTimes = new Map<string, number>();
  if (statusRaw !== null) {
    const s = asStruct(statusRaw, `${what}.StatusLTimes`);
    for (const [k, v] of s) {
      if (typeof v !== 'number' || v < 0) throw bad(`${what}.StatusLTimes`);
      statusLTimes.set(k, v);
    }
  }
  const leftMembers = arrayField(m, 'LeftMembers', what).map((x) => {
    if (!(x instanceof Uint8Array)) throw bad(`${what}.LeftMembers`);
    return text(x);
  });
  return {
    ltime: uintField(m, 'LTime', U64, what),
    statusLTimes,
    leftMembers,
    eventLTime: uintField(m, 'EventLTime', U64, what),
    events: arrayField(m, 'Events', what).map(decodeEventsAtTime),
    queryLTime: uintField(m, 'QueryLTime', U64, what),
  };
}

function decodeLeaveBody(m: MsgMap): LeaveIntent {
  const what = 'leave';
  return {
    ltime: uintField(m, 'LTime', U64, what),
    node: stringField(m, 'Node', what),
    prune: boolField(m, 'Prune', what),
  };
}

function decodeJoinBody(m: MsgMap): JoinIntent {
  return { ltime: uintField(m, 'LTime', U64, 'join'), node: stringField(m, 'Node', 'join') };
}

function decodeUserEventBody(m: MsgMap): UserEventMessage {
  const what = 'user event';
  return {
    ltime: uintField(m, 'LTime', U64, what),
    name: stringField(m, 'Name', what),
    payload: bytesField(m, 'Payload', what),
    cc: boolField(m, 'CC', what),
  };
}

function decodeQueryBody(m: MsgMap): QueryMessage {
  const what = 'query';
  return {
    ltime: uintField(m, 'LTime', U64, what),
    id: uintField(m, 'ID', U32, what),
    addr: bytesField(m, 'Addr', what),
    port: uintField(m, 'Port', 0xffff, what),
    sourceNode: stringField(m, 'SourceNode', what),
    filters: arrayField(m, 'Filters', what).map((f) => {
      if (!(f instanceof Uint8Array)) throw bad(`${what}.Filters`);
      return f;
    }),
    flags: uintField(m, 'Flags', U32, what),
    relayFactor: uintField(m, 'RelayFactor', 0xff, what),
    timeoutNs: intField(m, 'Timeout', what),
    name: stringField(m, 'Name', what),
    payload: bytesField(m, 'Payload', what),
  };
}

function decodeResponseBody(m: MsgMap): QueryResponseMessage {
  const what = 'query response';
  return {
    ltime: uintField(m, 'LTime', U64, what),
    id: uintField(m, 'ID', U32, what),
    from: stringField(m, 'From', what),
    flags: uintField(m, 'Flags', U32, what),
    payload: bytesField(m, 'Payload', what),
  };
}

function decodeRelay(buf: Uint8Array): RelayMessage {
  const { value, end } = decodeValue(buf, 1);
  const h = asStruct(value, 'relay header');
  const dest = asStruct(h.get('DestAddr') ?? null, 'relay header.DestAddr');
  if (end >= buf.length) throw bad('relay message (no inner message)');
  return {
    destIp: bytesField(dest, 'IP', 'relay header'),
    destPort: uintField(dest, 'Port', 0xffff, 'relay header'),
    destZone: stringField(dest, 'Zone', 'relay header'),
    destName: stringField(h, 'DestName', 'relay header'),
    message: buf.slice(end),
  };
}

/**
 * Decode one Serf message (as delivered in a memberlist user message or push/pull user state).
 *
 * @param buf - type byte + msgpack body.
 * @throws SerfError `ERR_DECODE` for empty or malformed input; `ERR_UNSUPPORTED` for a known type
 *   that never travels on its own (conflict/key responses ride inside query responses; key
 *   requests are not supported).
 */
export function decodeSerfMessage(buf: Uint8Array): SerfMessage {
  if (buf.length === 0) throw bad('Serf message (empty)');
  const t = buf[0]!;
  switch (t) {
    case SerfMessageType.Leave:
      return { type: t, body: decodeLeaveBody(body(buf, 'leave')) };
    case SerfMessageType.Join:
      return { type: t, body: decodeJoinBody(body(buf, 'join')) };
    case SerfMessageType.PushPull:
      return { type: t, body: decodePushPullBody(body(buf, 'push/pull')) };
    case SerfMessageType.UserEvent:
      return { type: t, body: decodeUserEventBody(body(buf, 'user event')) };
    case SerfMessageType.Query:
      return { type: t, body: decodeQueryBody(body(buf, 'query')) };
    case SerfMessageType.QueryResponse:
      return { type: t, body: decodeResponseBody(body(buf, 'query response')) };
    case SerfMessageType.Relay:
      return { type: t, body: decodeRelay(buf) };
    case SerfMessageType.ConflictResponse:
    case SerfMessageType.KeyRequest:
    case SerfMessageType.KeyResponse:
      throw new SerfError('ERR_UNSUPPORTED', `Serf message type ${t} is not handled on its own`);
    default:
      throw bad(`Serf message (unknown type ${t})`);
  }
}
