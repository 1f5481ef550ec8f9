// The README's opening example, runnable: pnpm exec tsx --conditions=@ring/source examples/quickstart.ts
import { createRing } from '@ring/hashring';

const ring = createRing(['127.0.0.1:7946', '127.0.0.1:7947', '127.0.0.1:7948']);
const owner = ring.getNode('user:42'); // one of the three, or undefined if the ring is empty
const replicas = ring.getNodes('user:42', 2); // 2 distinct nodes, preference order
const bigger = ring.add({ name: '127.0.0.1:7949', weight: 2 }); // a new ring; `ring` is unchanged
const smaller = bigger.remove('127.0.0.1:7946');
console.log(owner, replicas, smaller.size, smaller.checksum); // checksum: "do we agree?"
