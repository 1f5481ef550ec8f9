/**
 * The membership messages a node sends: alive, suspect and dead (gossiped), and the node states
 * of a push/pull, encoded for the wire.
 */
import { MessageType, encodeMessage } from '../wire/index.js';
import type { PushNodeState } from '../wire/index.js';
import { MEMBER_STATE_CODES } from '../core/membership/member.js';
import type { Accusation, MemberRecord } from '../core/membership/member-table.js';
import { addressToWire } from './wire-address.js';

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

/**
 * The node states a push/pull carries: every known member in any state, self included
 * (memberlist sends dead and left members too, until they are forgotten).
 *
 * @param records - the member table's records.
 */
export function pushNodeStates(records: Iterable<Readonly<MemberRecord>>): PushNodeState[] {
  const nodes: PushNodeState[] = [];
  for (const rec of records) {
    const w = addressToWire(rec.address);
    nodes.push({
      name: rec.name,
      addr: w.ip,
      port: w.port,
      meta: rec.meta,
      incarnation: rec.incarnation,
      state: MEMBER_STATE_CODES[rec.state],
      vsn: rec.vsn,
    });
  }
  return nodes;
}
