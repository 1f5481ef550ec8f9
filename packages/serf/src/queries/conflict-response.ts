/**
 * The answer to Serf's `_serf_conflict` query: `6` + a msgpack Serf `Member` record (our view of
 * the node named in the query) or nil when we do not know it. Serf counts how many answers agree
 * with a node's address to decide which of two nodes holding one name must shut down.
 */
import { addressToIp, ipToAddress } from '../wire/ip-bytes.js';
import { STATUS_CODES } from '../members/member.js';
import type { SerfMember, SerfMemberStatus } from '../members/member.js';
import { MsgWriter, decodeValue, text } from '../wire/msgpack.js';
import { SerfError } from '../errors.js';
import { asStruct, bytesField, stringField, uintField } from '../wire/fields.js';
import { SerfMessageType } from '../wire/messages.js';

/** Encode a conflict response for `member` (`undefined` → nil, as Serf sends for unknown names). */
export function encodeConflictResponse(member: SerfMember | undefined): Uint8Array {
  const w = new MsgWriter();
  w.byte(SerfMessageType.ConflictResponse);
  if (member === undefined) {
    w.value(null);
    return w.finish();
  }
  const { ip, port } = addressToIp(member.address);
  w.value({
    Addr: ip,
    DelegateCur: member.delegate[2],
    DelegateMax: member.delegate[1],
    DelegateMin: member.delegate[0],
    Name: member.name,
    Port: port,
    ProtocolCur: member.protocol[2],
    ProtocolMax: member.protocol[1],
    ProtocolMin: member.protocol[0],
    Status: STATUS_CODES[member.status],
    Tags: member.tags,
  });
  return w.finish();
}

const STATUS_NAMES = Object.keys(STATUS_CODES) as SerfMemberStatus[];

/**
 * Decode a conflict response payload.
 *
 * @returns the member record, or `undefined` for nil.
 * @throws SerfError `ERR_DECODE` for another type byte or a malformed record.
 */
export function decodeConflictResponse(payload: Uint8Array): SerfMember | undefined {
  if (payload[0] !== SerfMessageType.ConflictResponse)
    throw new SerfError('ERR_DECODE', 'not a conflict response');
  const { value } = decodeValue(payload, 1);
  if (value === null) return undefined;
  const w = 'conflict response';
  const m = asStruct(value, w);
  const tagsRaw = m.get('Tags') ?? null;
  const tags: Record<string, string> = {};
  if (tagsRaw !== null)
    for (const [k, v] of asStruct(tagsRaw, `${w}.Tags`)) {
      if (!(v instanceof Uint8Array)) throw new SerfError('ERR_DECODE', `malformed ${w}.Tags`);
      tags[k] = text(v);
    }
  const u8 = (k: string) => uintField(m, k, 0xff, w);
  return {
    name: stringField(m, 'Name', w),
    address: ipToAddress(bytesField(m, 'Addr', w), uintField(m, 'Port', 0xffff, w)),
    tags,
    status: STATUS_NAMES[uintField(m, 'Status', STATUS_NAMES.length - 1, w)]!,
    protocol: [u8('ProtocolMin'), u8('ProtocolMax'), u8('ProtocolCur')],
    delegate: [u8('DelegateMin'), u8('DelegateMax'), u8('DelegateCur')],
  };
}
