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
  // Two passes over both lists, allocating one array of references at most (`local` may be a
  // one-shot iterator): a push/pull carries every member, and this runs for each one merged.
  const locals: readonly Readonly<MemberRecord>[] = Array.isArray(local) ? local : [...local];
  const w = { maxPMin: 0, minPMax: 255, maxDMin: 0, minDMax: 255 };
  const widen = (v: Uint8Array): void => {
    if (v.length < 6) return;
    w.maxPMin = Math.max(w.maxPMin, v[0]!);
    w.minPMax = Math.min(w.minPMax, v[1]!);
    w.maxDMin = Math.max(w.maxDMin, v[3]!);
    w.minDMax = Math.min(w.minDMax, v[4]!);
  };
  const check = (name: string, v: Uint8Array): void => {
    if (v.length < 6) return;
    if (v[2]! < w.maxPMin || v[2]! > w.minPMax)
      throw new SwimError(
        'ERR_PROTOCOL_VERSION',
        `node ${name} speaks protocol ${v[2]!}, outside [${w.maxPMin}, ${w.minPMax}]`,
      );
    if (v[5]! < w.maxDMin || v[5]! > w.minDMax)
      throw new SwimError(
        'ERR_PROTOCOL_VERSION',
        `node ${name} speaks delegate protocol ${v[5]!}, outside [${w.maxDMin}, ${w.minDMax}]`,
      );
  };
  for (const rec of locals) if (rec.state === 'alive') widen(rec.vsn);
  for (const n of remote) if (n.state === NodeStateType.Alive) widen(n.vsn);
  for (const rec of locals) if (rec.state === 'alive') check(rec.name, rec.vsn);
  for (const n of remote) if (n.state === NodeStateType.Alive) check(n.name, n.vsn);
}
