/** The membership messages a node gossips: alive, suspect and dead, encoded for the wire. */
import { MessageType, encodeMessage } from '../wire/index.js';
import type { Accusation, MemberRecord } from '../core/membership/member-table.js';
import { addressToWire } from '../core/membership/wire-address.js';

/** Encode an alive message for a member record. */
export function aliveMessage(rec: MemberRecord): Uint8Array {
  const w = addressToWire(rec.address);
  return encodeMessage({
    type: MessageType.Alive,
    body: {
      incarnation: rec.incarnation,
      node: rec.name,
      addr: w.ip,
      port: w.port,
      meta: rec.meta,
      vsn: rec.vsn,
    },
  });
}

/** Encode a suspect message for an accusation. */
export function suspectMessage(s: Accusation): Uint8Array {
  return encodeMessage({
    type: MessageType.Suspect,
    body: { incarnation: s.incarnation, node: s.name, from: s.from },
  });
}

/** Encode a dead message for an accusation (a node declaring itself dead is leaving). */
export function deadMessage(d: Accusation): Uint8Array {
  return encodeMessage({
    type: MessageType.Dead,
    body: { incarnation: d.incarnation, node: d.name, from: d.from },
  });
}
