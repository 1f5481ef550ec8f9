/**
 * The movement-vs-balance trade-off curve of the stateless rules (issue 16): each candidate rule at
 * a range of load-bound factors, over P ∈ {1024, 2048, 2056}, R ∈ {1, 2, 3}, N ∈ {3, 10, 30, 100}
 * (10 rounds of N → N+1 → N per cell, the same seeded sequences as the main table). One line per
 * (rule, factor): mean and worst slot movement ÷ optimum, mean data movement ÷ optimum, worst and
 * mean max ÷ mean load. Run by `pnpm --filter @ring/partitions bench` after the main table, or
 * alone: `cd packages/partitions && npx tsx --conditions=@ring/source -e "import('./bench/tradeoff.ts').then((m) => m.tradeoff())"`.
 */
import { assign } from '../src/index.js';
import { greedySketchAssign } from './baselines.js';
import { measure, sequence, type Rule } from './measure.js';

const FACTORS = [1, 1.02, 1.05, 1.07, 1.1, 1.15, 1.2, 1.3, 1.5];
const CANDIDATES: [string, (factor: number) => Rule][] = [
  [
    'assign (capacity-bounded rendezvous)',
    (f) => (m, p, r) => assign(m, { partitions: p, redundancy: r, maxLoadFactor: f }),
  ],
  ['greedy sketch (partitions in order)', (f) => (m, p, r) => greedySketchAssign(m, p, r, f)],
];
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const SEED = 2026;

/** Run the sweep and print its markdown table. */
export function tradeoff(): void {
  console.log(
    `\nTrade-off curve: P ∈ {1024, 2048, 2056}, R ∈ {1, 2, 3}, N ∈ {3, 10, 30, 100}, ${STEPS} join+leave rounds per cell, seed ${SEED}\n`,
  );
  console.log(
    '| rule | factor | slot moves ÷ opt, mean | slot, worst cell | data moves ÷ opt, mean | max ÷ mean, worst | max ÷ mean, mean of cells | cells with max ÷ mean ≤ 1.05 or ⌈mean⌉ |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, make] of CANDIDATES) {
    for (const factor of FACTORS) {
      let cells = 0;
      let slot = 0;
      let worstSlot = 0;
      let data = 0;
      let worstBalance = 0;
      let balance = 0;
      let withinBound = 0;
      for (const P of [1024, 2048, 2056]) {
        for (const R of [1, 2, 3]) {
          for (const N of [3, 10, 30, 100]) {
            const seq = sequence(N, STEPS, SEED + P + R * 7 + N * 13);
            const x = measure(make(factor), seq, P, R);
            cells++;
            slot += x.movement;
            worstSlot = Math.max(worstSlot, x.movement);
            data += x.dataMovement;
            worstBalance = Math.max(worstBalance, x.maxOverMean);
            balance += x.maxOverMean;
            // The bound any rule can meet at N and N + 1 members: ⌈mean⌉ when 1.05 × mean rounds
            // below it.
            const bound = Math.max(
              ...[N, N + 1].map((n) => {
                const mean = (P * Math.min(R, n)) / n;
                return Math.max(Math.ceil(mean), Math.floor(1.05 * mean + 1e-9)) / mean;
              }),
            );
            if (x.maxOverMean <= Math.max(1.05, bound) + 1e-9) withinBound++;
          }
        }
      }
      console.log(
        `| ${name} | ${factor.toFixed(2)} | ${(slot / cells).toFixed(2)} | ${worstSlot.toFixed(2)} | ${(data / cells).toFixed(2)} | ${worstBalance.toFixed(3)} | ${(balance / cells).toFixed(3)} | ${withinBound}/${cells} |`,
      );
    }
  }
}
