import type { HistoryEntry } from '@ring/swim';
import type { KeyExplainView, MemberExplainView } from '../http/explain-api.js';

const iso = (t: number): string => new Date(t).toISOString();
const dur = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

function entryLine(e: HistoryEntry): string {
  const parts = [iso(e.at), e.kind.padEnd(12), e.state.padEnd(7), `inc ${e.incarnation}`];
  if (e.from !== null) parts.push(`from ${e.from}`);
  if (e.via !== null) parts.push(`via ${e.via}`);
  if (e.suspicion !== null)
    parts.push(
      `${e.suspicion.confirmations}/${e.suspicion.k} confirmations, timeout ${dur(e.suspicion.timeoutMs)}`,
    );
  if (e.probe !== null) parts.push(`nacks ${e.probe.nacks}/${e.probe.expectedNacks}`);
  if (e.claimIncarnation !== null) parts.push(`refuted a claim at inc ${e.claimIncarnation}`);
  parts.push(`awareness ${e.awareness}`);
  return `  ${parts.join('  ')}`;
}

/**
 * `ring-node explain member NAME` without `--json`: the explanation as text for a terminal.
 *
 * @param x - the `GET /v1/explain/member/:name` body.
 */
export function formatMemberExplanation(x: MemberExplainView): string {
  const lines: string[] = [];
  const m = x.member;
  lines.push(
    m === null
      ? `member ${x.name}: forgotten (reaped from the member table); its history remains`
      : `member ${x.name}${x.local ? ' (this node)' : ''} at ${m.address}: ${m.state} since ${iso(m.stateSince)}, incarnation ${m.incarnation}`,
  );
  const tags = Object.entries(x.tags);
  if (tags.length > 0) lines.push(`tags: ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  lines.push(
    x.lastAck === null
      ? `last ack: none; probes: ${x.probes.acks} acked, ${x.probes.failures} failed`
      : `last ack: ${iso(x.lastAck.at)}, RTT ${dur(x.lastAck.rttMs)} (${x.lastAck.via}); probes: ${x.probes.acks} acked, ${x.probes.failures} failed`,
  );
  const s = x.suspicion;
  lines.push(
    s === null
      ? 'suspicion: none'
      : `suspicion: started ${iso(s.startedAt)} by ${s.from}; ${s.confirmations}/${s.k} confirmations; timeout ${dur(s.timeoutMs)} (min ${dur(s.minMs)}, max ${dur(s.maxMs)}); dead at ${iso(s.deadline)} (in ${dur(Math.max(0, s.remainingMs))})`,
  );
  lines.push(`our awareness now: ${x.awareness.score}/${x.awareness.max}`);
  lines.push(
    `history (${x.history.length} of ${x.historySize} kept, ${x.dropped} dropped), oldest first:`,
  );
  if (x.history.length === 0) lines.push('  (none)');
  for (const e of x.history) lines.push(entryLine(e));
  return `${lines.join('\n')}\n`;
}

/**
 * `ring-node explain key KEY` without `--json`: the explanation as text for a terminal.
 *
 * @param x - the `GET /v1/explain/key/:key` body.
 */
export function formatKeyExplanation(x: KeyExplainView): string {
  const r = x.ring;
  const p = x.partition;
  const lines = [
    `key ${JSON.stringify(x.key)} → owner ${x.owner === null ? '(none: no eligible member)' : `${x.owner.name} (${x.owner.address})`}`,
    `ring (${r.algorithm}, ${r.vnodesPerWeight} vnodes per weight): xxh32(key) = 0x${r.hashHex} (${r.hash})`,
  ];
  if (r.point !== null)
    lines.push(
      `  chosen by vnode ${r.point.vnode} of ${r.owners[0]?.name ?? '?'} at token 0x${r.point.tokenHex}${r.point.wrapped ? ' (wrapped past the end)' : ''}; arc ${r.arc?.start ?? '?'}..${r.arc?.end ?? '?'}`,
    );
  lines.push(`  rule: ${r.rule}`);
  lines.push(
    `  preference order: ${r.owners.length === 0 ? '(empty ring)' : r.owners.map((o) => `${o.name} (weight ${o.weight})`).join(', ')}`,
  );
  lines.push(
    `partition ${p.partition} of ${p.partitions} (${p.partitioner}${p.hash === null ? '' : `, xxh64 ${p.hash}`}); load cap ${p.loadCap} slots per member`,
  );
  for (const o of p.owners) {
    const passed = o.passedOver.map((q) => `${q.name} ${q.reason}`).join(', ');
    lines.push(
      `  replica ${o.replica}: ${o.name ?? 'unowned'}${o.rank === null ? '' : ` (score rank ${o.rank}${passed === '' ? '' : `; passed over: ${passed}`})`}`,
    );
  }
  lines.push(`  rule: ${p.rule}`);
  lines.push(x.excluded.length === 0 ? 'excluded: none' : 'excluded:');
  for (const e of x.excluded)
    lines.push(`  ${e.name} (${e.state}): ${e.reasons.join(', ')} — ${e.detail}`);
  return `${lines.join('\n')}\n`;
}
