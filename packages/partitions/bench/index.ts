/**
 * `pnpm --filter @ring/partitions bench`: movement vs the fair-share optimum, worst max/mean load
 * and time per table, for P ∈ {256, 1024, 2048}, R ∈ {1, 2, 3}, N ∈ {3, 10, 100}, side by side:
 * `assign` (default load bound 1.05, and 1.00 / 1.10 to show the trade-off), the stateful
 * `rebalance` (previous table + members), libring's rule (jump hash over sorted names) and the
 * issue's greedy rendezvous-with-capacity sketch.
 */
import { assign, emptyTable, rebalance, type PartitionTable } from '../src/index.js';
import { greedySketchAssign, libringAssign } from './baselines.js';
import { measure, sequence, type Measurement, type Rule } from './measure.js';
import { tradeoff } from './tradeoff.js';

/** A rule factory: stateful rules get a fresh previous-table per sequence. */
const rules: [string, () => Rule][] = [
  ['ring 1.05 (default)', () => (m, p, r) => assign(m, { partitions: p, redundancy: r })],
  [
    'ring 1.00 (±1)',
    () => (m, p, r) => assign(m, { partitions: p, redundancy: r, maxLoadFactor: 1 }),
  ],
  ['ring 1.10', () => (m, p, r) => assign(m, { partitions: p, redundancy: r, maxLoadFactor: 1.1 })],
  [
    'stateful rebalance (±1)',
    () => {
      let previous: PartitionTable | undefined;
      return (m, p, r) => (previous = rebalance(previous ?? emptyTable(p, r), m));
    },
  ],
  ['greedy sketch 1.07', () => (m, p, r) => greedySketchAssign(m, p, r)],
  ['libring', () => (m, p, r) => libringAssign(m, p, r)],
];

const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const SEED = 2026;
const cell = (x: Measurement): string =>
  `${x.movement.toFixed(2)} / ${x.dataMovement.toFixed(2)} / ${x.maxOverMean.toFixed(3)} / ${x.ms.toFixed(1)}`;

// Warm up the JIT on a mid-size case so the first row's timings are comparable.
for (const [, rule] of rules) measure(rule(), sequence(10, 2, 1), 1024, 2);

console.log(
  `seed ${SEED}, ${STEPS} join+leave rounds per row (N → N+1 → N); cell = slot moves ÷ optimum / data moves ÷ optimum / worst max÷mean load / CPU ms per table\n`,
);
console.log(`| P | R | N | ${rules.map(([name]) => name).join(' | ')} |`);
console.log(`|---|---|---|${rules.map(() => '---').join('|')}|`);
const totals = rules.map(() => ({ movement: 0, dataMovement: 0, maxOverMean: 0, ms: 0 }));
let rows = 0;
for (const P of [256, 1024, 2048]) {
  for (const R of [1, 2, 3]) {
    for (const N of [3, 10, 100]) {
      const seq = sequence(N, STEPS, SEED + P + R * 7 + N * 13);
      const results = rules.map(([, rule]) => measure(rule(), seq, P, R));
      results.forEach((x, i) => {
        totals[i]!.movement += x.movement;
        totals[i]!.dataMovement += x.dataMovement;
        totals[i]!.maxOverMean += x.maxOverMean;
        totals[i]!.ms += x.ms;
      });
      rows++;
      console.log(`| ${P} | ${R} | ${N} | ${results.map(cell).join(' | ')} |`);
    }
  }
}
console.log(
  `| mean | | | ${totals.map((t) => cell({ movement: t.movement / rows, dataMovement: t.dataMovement / rows, maxOverMean: t.maxOverMean / rows, ms: t.ms / rows })).join(' | ')} |`,
);

tradeoff();
