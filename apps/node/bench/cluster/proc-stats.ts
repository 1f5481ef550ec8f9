// Figures read from /proc and simple order statistics for bench:cluster.
import { readFileSync } from 'node:fs';

const CLK_TCK = 100;

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * Memory only this process holds (USS: private clean + dirty pages) and its proportional share of
 * the pages it shares with other processes (PSS), in MB, from /proc/<pid>/smaps_rollup. RSS counts
 * every shared page in full: about 28 MB of a Node process's RSS is the node binary's text and
 * libraries, mapped once for all the Node processes of a host.
 */
export function privateMb(pid: number): { uss: number; pss: number } {
  const s = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
  return { uss: (kb('Private_Clean') + kb('Private_Dirty')) / 1024, pss: kb('Pss') / 1024 };
}

/** memberlist's DefaultLANConfig PushPullInterval (= ring-node `--preset lan`). */
export const LAN_PUSH_PULL_MS = 30_000;

/** memberlist's push/pull interval scaled with the cluster size (its pushPullScale). */
export function pushPullScaleMs(n: number): number {
  return n <= 32 ? LAN_PUSH_PULL_MS : (Math.ceil(Math.log2(n) - 5) + 1) * LAN_PUSH_PULL_MS;
}

/**
 * How long to wait after convergence before the steady window. memberlist's first periodic
 * push/pull comes a random stagger (under one interval) plus one full scaled interval after start;
 * ring's after the stagger alone. A window that starts earlier counts start-up phase, not the
 * steady rate: with a 10 s wait, many Go nodes had not made their first push/pull yet, and TCP
 * figures came out 1.2–2.2× in ring's disfavour although both run at the same period.
 */
export function warmupMs(n: number): number {
  return LAN_PUSH_PULL_MS + pushPullScaleMs(n) + 5_000;
}

/** The `q` quantile of `xs`. */
export const pct = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
