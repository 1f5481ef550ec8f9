// The README's bounded-load and diff examples, runnable:
// pnpm exec tsx --conditions=@ring/source examples/bounded-and-diff.ts
import { BoundedLoadRing, createRing, diffKeys, diffRanges } from '@ring/hashring';

const ring = BoundedLoadRing.from(['a', 'b', 'c'], { loadFactor: 1.25 });
const owners = ring.assign(['job-1', 'job-2', 'job-3']); // aligned with the keys
const loads = new Map([
  ['a', 10],
  ['b', 2],
]);
console.log(owners, ring.getNode('job-4', loads)); // first node clockwise below ⌈1.25 · (12 + 1) · w/W⌉

const before = createRing(['a', 'b', 'c']);
const after = before.add('d');
const ranges = diffRanges(before, after);
console.log(
  ranges.moves.length,
  'ranges moved to d:',
  (ranges.moved / ranges.positions).toFixed(3),
  'of the circle',
);
console.log(diffKeys(before, after, ['k1', 'k2', 'k3', 'k4', 'k5']));
