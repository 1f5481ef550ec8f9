import { createRing, hash32 } from '../src/index.js';
import { makeKeys } from '../test/random.js';
import { performance } from 'node:perf_hooks';
const keys = makeKeys(1, 1_000_000);
const names = Array.from({ length: 100 }, (_, i) => `10.0.${i}.1:7946`);
const ring = createRing(names);
for (let r = 0; r < 3; r++) {
  let s = 0;
  let t = performance.now();
  for (let i = 0; i < keys.length; i++) s += hash32(keys[i]!);
  const h = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < keys.length; i++) s += ring.getNode(keys[i]!)!.length;
  const g = performance.now() - t;
  console.log(`hash ${(1000 / h).toFixed(2)} M/s  getNode ${(1000 / g).toFixed(2)} M/s`, s > 0);
}
