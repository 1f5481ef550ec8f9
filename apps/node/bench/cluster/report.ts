// The bench:cluster result rows and their markdown table.
import type { Impl } from './processes.js';

/** One implementation's figures at one cluster size. */
export interface Result {
  load: number;
  readyMedianMs: number;
  readyP90Ms: number;
  /** spawn → ready of the late joins, each into a settled cluster (median). */
  lateReadyMs: number;
  convergeMs: number;
  cpuPerMemberPerMin: number;
  rssPerMemberMb: number;
  processRssMb: number;
  ussPerMemberMb: number;
  pssPerMemberMb: number;
  udpBytesPerSec: number;
  tcpBytesPerSec: number;
  tcpConnsPerMin: number;
  falseSuspicions: number;
  /** kill -9 rounds behind the detection figures. */
  kills: number;
  allSuspectMs: number;
  allSuspectMaxMs: number;
  allDeadMs: number;
  allDeadMaxMs: number;
  allLeftMs: number;
  sawLeft: string;
}

const ROWS: [keyof Result, string, (v: number) => string][] = [
  ['load', 'machine load average (1 min) at the end', (v) => v.toFixed(1)],
  ['readyMedianMs', 'spawn → ready, median (ms)', (v) => v.toFixed(0)],
  ['readyP90Ms', 'spawn → ready, p90 (ms)', (v) => v.toFixed(0)],
  [
    'lateReadyMs',
    'spawn → ready into the settled cluster, median of the late joins (ms)',
    (v) => v.toFixed(0),
  ],
  ['convergeMs', 'join convergence (ms)', (v) => v.toFixed(0)],
  ['cpuPerMemberPerMin', 'CPU s/member/min', (v) => v.toFixed(3)],
  ['rssPerMemberMb', 'RSS MB/member', (v) => v.toFixed(1)],
  ['processRssMb', 'largest process RSS MB', (v) => v.toFixed(1)],
  ['ussPerMemberMb', 'private memory (USS) MB/member', (v) => v.toFixed(1)],
  ['pssPerMemberMb', 'proportional memory (PSS) MB/member', (v) => v.toFixed(1)],
  ['udpBytesPerSec', 'UDP bytes/s/member sent', (v) => v.toFixed(0)],
  ['tcpBytesPerSec', 'TCP bytes/s/member sent', (v) => v.toFixed(0)],
  ['tcpConnsPerMin', 'TCP connections/member/min', (v) => v.toFixed(2)],
  ['falseSuspicions', 'members falsely suspected (steady)', (v) => v.toFixed(0)],
  ['allSuspectMs', 'kill -9 → all suspect, mean of the kills (ms)', (v) => v.toFixed(0)],
  ['allSuspectMaxMs', 'kill -9 → all suspect, slowest kill (ms)', (v) => v.toFixed(0)],
  ['allDeadMs', 'kill -9 → all dead, mean of the kills (ms)', (v) => v.toFixed(0)],
  ['allDeadMaxMs', 'kill -9 → all dead, slowest kill (ms)', (v) => v.toFixed(0)],
  ['allLeftMs', 'SIGTERM → all see it leave (ms)', (v) => v.toFixed(0)],
];

/** The markdown table of one cluster size: each implementation side by side, with ratios to Go. */
export function table(n: number, results: Partial<Record<Impl, Result>>): string {
  const { ring, go, members } = results;
  const lines = [
    `### N = ${n}`,
    '',
    '| measure | ring-node | memberlist (Go) | ring ÷ Go | ring-node --members | members ÷ Go |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ratio = (a: number | undefined, b: number | undefined): string =>
    a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
  for (const [key, label, fmt] of ROWS) {
    const r = ring?.[key] as number | undefined;
    const g = go?.[key] as number | undefined;
    const m = members?.[key] as number | undefined;
    const f = (v: number | undefined): string => (v === undefined ? '–' : fmt(v));
    lines.push(`| ${label} | ${f(r)} | ${f(g)} | ${ratio(r, g)} | ${f(m)} | ${ratio(m, g)} |`);
  }
  lines.push(
    `| kill -9 rounds | ${ring?.kills ?? '–'} | ${go?.kills ?? '–'} | | ${members?.kills ?? '–'} | |`,
  );
  lines.push(
    `| saw \`left\` (not \`dead\`) | ${ring?.sawLeft ?? '–'} | ${go?.sawLeft ?? '–'} | | ${members?.sawLeft ?? '–'} | |`,
  );
  return lines.join('\n');
}
