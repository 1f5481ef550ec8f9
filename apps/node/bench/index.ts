/**
 * ring-node benchmarks: what the node adds on top of the libraries, as ratios measured side by side
 * in one run (never asserted by tests).
 *
 * 1. Key lookup: `RingNode.lookup(key)` (ring owner + partition owners + member views) against a
 *    bare `VnodeRing.getNode(key)` over the same members.
 * 2. HTTP: `GET /v1/kv/<key>` answered by the key's owner directly, against the same request sent
 *    to a non-owner and forwarded once (the proxy hop's cost).
 *
 * Run: `pnpm --filter @ring/node bench`
 */
import { VnodeRing } from '@ring/hashring';
import { startLocalCluster } from '../src/local-cluster.js';

const ROUNDS = 5;

function perSecond(count: number, ms: number): number {
  return (count / ms) * 1000;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const cluster = await startLocalCluster({ write: () => undefined, log: () => undefined });
  try {
    const [a] = cluster.nodes;
    const keys = Array.from({ length: 10_000 }, (_, i) => `user:${i}`);
    const ring = VnodeRing.from(a!.members().map((m) => m.name));

    // 1. lookups, interleaved rounds
    const bare: number[] = [];
    const node: number[] = [];
    let sink = 0;
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      for (const k of keys) sink += ring.getNode(k)!.length;
      bare.push(perSecond(keys.length, performance.now() - t));
      t = performance.now();
      for (const k of keys) sink += a!.lookup(k).partition;
      node.push(perSecond(keys.length, performance.now() - t));
    }

    // 2. HTTP direct vs forwarded: pick a key owned by node-2, ask node-2 (direct) and node-1 (one hop).
    const owner = cluster.nodes[1]!;
    const other = cluster.nodes[0]!;
    const key = keys.find((k) => other.lookup(k).owner?.name === owner.name)!;
    await fetch(`http://${owner.httpAddress!}/v1/kv/${key}`, { method: 'PUT', body: 'v' });
    const requests = 300;
    const direct: number[] = [];
    const forwarded: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [target, out] of [
        [owner, direct],
        [other, forwarded],
      ] as const) {
        const t = performance.now();
        for (let i = 0; i < requests; i++) {
          const res = await fetch(`http://${target.httpAddress!}/v1/kv/${key}`);
          sink += (await res.text()).length;
        }
        out.push(perSecond(requests, performance.now() - t));
      }
    }
    const rows: [string, string, number, number][] = [
      ['key lookup', 'VnodeRing.getNode (bare)', median(bare), 1],
      [
        'key lookup',
        'RingNode.lookup (ring + partitions)',
        median(node),
        median(node) / median(bare),
      ],
      ['GET /v1/kv/<key>', 'served by the owner', median(direct), 1],
      [
        'GET /v1/kv/<key>',
        'forwarded once (proxy hop)',
        median(forwarded),
        median(forwarded) / median(direct),
      ],
    ];
    console.log(
      `ring-node benchmarks (3-node cluster on loopback, ${ROUNDS} rounds, median; node ${process.version})\n`,
    );
    console.log('| case | variant | ops/s | ratio |');
    console.log('|---|---|---:|---:|');
    for (const [c, v, ops, ratio] of rows)
      console.log(
        `| ${c} | ${v} | ${Math.round(ops).toLocaleString('en-US')} | ${ratio.toFixed(2)} |`,
      );
    if (sink === -1) console.log(sink);
  } finally {
    await cluster.stop();
  }
}

await main();
