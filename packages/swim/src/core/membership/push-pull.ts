import type { PushNodeState } from '../../wire/index.js';
import { NodeStateType } from '../../wire/index.js';
import { SwimError } from '../../errors.js';
import { MEMBER_STATE_CODES } from './member.js';
import type { MemberRecord } from './member-table.js';
import { addressToWire } from './wire-address.js';

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

/**
 * memberlist `verifyProtocol`: over every alive node (local and remote; entries without a full Vsn
 * are skipped) compute the highest minimum and lowest maximum of the protocol and delegate
 * versions; every alive node's current versions must lie inside both windows.
 *
 * @param local - our member records.
 * @param remote - the node states received.
 * @throws SwimError `ERR_PROTOCOL_VERSION` naming the first node outside the window.
 */
export function verifyProtocol(
  local: Iterable<Readonly<MemberRecord>>,
  remote: readonly PushNodeState[],
): void {
  const vsns: { name: string; v: Uint8Array }[] = [];
  for (const rec of local)
    if (rec.state === 'alive' && rec.vsn.length >= 6) vsns.push({ name: rec.name, v: rec.vsn });
  for (const n of remote)
    if (n.state === NodeStateType.Alive && n.vsn.length >= 6) vsns.push({ name: n.name, v: n.vsn });
  let maxPMin = 0;
  let minPMax = 255;
  let maxDMin = 0;
  let minDMax = 255;
  for (const { v } of vsns) {
    maxPMin = Math.max(maxPMin, v[0]!);
    minPMax = Math.min(minPMax, v[1]!);
    maxDMin = Math.max(maxDMin, v[3]!);
    minDMax = Math.min(minDMax, v[4]!);
  }
  for (const { name, v } of vsns) {
    if (v[2]! < maxPMin || v[2]! > minPMax)
      throw new SwimError(
        'ERR_PROTOCOL_VERSION',
        `node ${name} speaks protocol ${v[2]!}, outside [${maxPMin}, ${minPMax}]`,
      );
    if (v[5]! < maxDMin || v[5]! > minDMax)
      throw new SwimError(
        'ERR_PROTOCOL_VERSION',
        `node ${name} speaks delegate protocol ${v[5]!}, outside [${maxDMin}, ${minDMax}]`,
      );
  }
}
