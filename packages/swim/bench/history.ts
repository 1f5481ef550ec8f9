// Memory and read cost of the explain history (MemberHistory), full buffers:
//   cd packages/swim && node --expose-gc --import tsx bench/history.ts
// Measures, never asserts. HISTORY_MEMBERS / HISTORY_SIZE override the shape.
import { DEFAULT_HISTORY_SIZE, MemberHistory } from '../src/observe/member-history.js';

const members = Number(process.env.HISTORY_MEMBERS ?? 1000);
const capacity = Number(process.env.HISTORY_SIZE ?? DEFAULT_HISTORY_SIZE);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (see the header)');

gc();
const before = process.memoryUsage().heapUsed;
const history = new MemberHistory(capacity);
for (let m = 0; m < members; m++)
  for (let i = 0; i < capacity * 2; i++)
    history.record(`member-${m}`, {
      at: 1.7e12 + i,
      kind: 'suspect',
      state: 'suspect',
      incarnation: i,
      awareness: 0,
      from: `member-${(m + 1) % members}`,
      via: 'gossip',
      suspicion: { confirmations: 1, k: 3, minMs: 5000, maxMs: 30000, timeoutMs: 20000 },
      probe: null,
      claimIncarnation: null,
    });
gc();
const bytes = process.memoryUsage().heapUsed - before;
console.log(
  `history: ${members} members × ${capacity} entries: ${(bytes / 2 ** 20).toFixed(1)} MiB ` +
    `(${Math.round(bytes / members)} B per member, ${Math.round(bytes / members / capacity)} B per entry)`,
);
const reads = 20_000;
const start = process.hrtime.bigint();
let seen = 0;
for (let r = 0; r < reads; r++) seen += history.get(`member-${r % members}`)?.entries.length ?? 0;
const us = Number(process.hrtime.bigint() - start) / reads / 1000;
console.log(`history: get() ${us.toFixed(2)} µs per member (${seen} entries read)`);
