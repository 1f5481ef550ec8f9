import type { PushNodeState } from '../../wire/index.js';
import { NodeStateType } from '../../wire/index.js';
import { SwimError } from '../../errors.js';
import type { MemberRecord } from './member-table.js';

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
