/**
 * Movement and balance of an assignment rule over a seeded join/leave sequence.
 */
import type { PartitionTable } from '../src/index.js';
import { createSeededRandom } from '@ring/base';

/** An assignment rule under test. */
export type Rule = (
  members: readonly string[],
  partitions: number,
  redundancy: number,
) => PartitionTable;

/** What one rule did over one sequence. */
export interface Measurement {
  /** Σ slots (partition, replica) whose owner changed / Σ fair-share optimum over every step. */
  readonly movement: number;
  /**
   * Σ (partition, member) ownerships gained / Σ optimum: the data that has to be copied. Lower than
   * `movement` when a member only changes replica number inside a partition it keeps.
   */
  readonly dataMovement: number;
  /** Largest max-load / mean-load over every table of the sequence. */
  readonly maxOverMean: number;
  /**
   * Mean CPU time (user + system) to compute one table, in milliseconds. CPU time rather than wall
   * time, so that other processes on a shared machine do not inflate it.
   */
  readonly ms: number;
}

/** Slots whose owner differs. */
export function moved(a: PartitionTable, b: PartitionTable): number {
  let n = 0;
  for (let i = 0; i < a.owners.length; i++) if (a.owners[i] !== b.owners[i]) n++;
  return n;
}

/** (partition, member) ownerships in `b` that `a` does not have. */
export function gained(a: PartitionTable, b: PartitionTable): number {
  const R = a.redundancy;
  let n = 0;
  for (let p = 0; p < a.partitions; p++) {
    const before = a.owners.slice(p * R, p * R + R);
    for (let r = 0; r < R; r++) {
      const o = b.owners[p * R + r];
      if (o !== null && o !== undefined && !before.includes(o)) n++;
    }
  }
  return n;
}

/** Max load over mean load of a table. */
export function maxOverMean(t: PartitionTable): number {
  const loads = new Map<string, number>(t.members.map((m) => [m, 0]));
  let owned = 0;
  for (const o of t.owners) {
    if (o === null) continue;
    owned++;
    loads.set(o, (loads.get(o) ?? 0) + 1);
  }
  return Math.max(...loads.values()) / (owned / t.members.length);
}

/**
 * The member sequences: start with `n` members, then `steps` rounds of "one member joins, one
 * random member leaves" (N → N+1 → N). The optimum of a step is the fair share that must move:
 * `P·R / N_new` for a join (what the newcomer must own), `P·R / N_old` for a leave.
 *
 * @param n - members.
 * @param steps - join/leave rounds.
 * @param seed - PRNG seed.
 */
export function sequence(n: number, steps: number, seed: number): string[][] {
  const random = createSeededRandom(seed);
  let members = Array.from({ length: n }, (_, i) => `node-${i}`);
  let next = n;
  const out = [members];
  for (let i = 0; i < steps; i++) {
    members = [...members, `node-${next++}`];
    out.push(members);
    const k = Math.floor(random.next() * members.length);
    members = members.filter((_, j) => j !== k);
    out.push(members);
  }
  return out;
}

/**
 * Run one rule over one member sequence.
 *
 * @param rule - the rule.
 * @param seq - member sets, from {@link sequence}.
 * @param partitions - P.
 * @param redundancy - R.
 */
export function measure(
  rule: Rule,
  seq: readonly string[][],
  partitions: number,
  redundancy: number,
): Measurement {
  const started = process.cpuUsage();
  const tables = seq.map((members) => rule(members, partitions, redundancy));
  const cpu = process.cpuUsage(started);
  const ms = (cpu.user + cpu.system) / 1000 / seq.length;
  let movedTotal = 0;
  let gainedTotal = 0;
  let optimum = 0;
  let worst = maxOverMean(tables[0]!);
  for (let i = 1; i < tables.length; i++) {
    const prev = tables[i - 1]!;
    const next = tables[i]!;
    movedTotal += moved(prev, next);
    gainedTotal += gained(prev, next);
    const slots = partitions * Math.min(redundancy, seq[i]!.length);
    optimum +=
      seq[i]!.length > seq[i - 1]!.length ? slots / seq[i]!.length : slots / seq[i - 1]!.length;
    worst = Math.max(worst, maxOverMean(next));
  }
  return {
    movement: movedTotal / optimum,
    dataMovement: gainedTotal / optimum,
    maxOverMean: worst,
    ms,
  };
}
