/**
 * Fill slot `s`, which no member with room can take directly: every member with room already owns
 * a replica of `s`'s partition. Move some other slot `t` to a member `q` with room and give `t`'s
 * previous owner `s` instead (that owner's count is unchanged, `q`'s grows by one); if no such swap
 * exists, give `s` to the least-loaded member that can hold it. Deterministic: members and slots
 * are tried in index order. Shared by {@link assign} (room = below the load cap) and
 * {@link rebalance} (room = below the member's target).
 *
 * @param s - the empty slot, indexed `p · replicas + r`.
 * @param owner - member index per slot (−1 for empty); updated in place.
 * @param count - slots per member; updated in place.
 * @param hasRoom - whether member `q` may take one more slot.
 * @param holds - whether member `m` owns another replica of slot `s`'s partition.
 */
export function swapIntoSlot(
  s: number,
  owner: Int32Array,
  count: Int32Array,
  hasRoom: (q: number) => boolean,
  holds: (s: number, m: number) => boolean,
): void {
  const N = count.length;
  for (let q = 0; q < N; q++) {
    if (!hasRoom(q)) continue;
    for (let t = 0; t < owner.length; t++) {
      const a = owner[t]!;
      if (a < 0 || a === q || holds(s, a) || holds(t, q)) continue;
      owner[t] = q;
      owner[s] = a;
      count[q]!++;
      return;
    }
  }
  let pick = -1;
  for (let m = 0; m < N; m++) if (!holds(s, m) && (pick < 0 || count[m]! < count[pick]!)) pick = m;
  owner[s] = pick;
  count[pick]!++;
}
