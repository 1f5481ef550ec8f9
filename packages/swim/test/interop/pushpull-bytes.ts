// Issue 11: why ring-node's push/pulls were 2-7 % larger than Go memberlist's in bench:cluster.
//
//   pnpm --filter @ring/swim exec tsx --conditions=@ring/source test/interop/pushpull-bytes.ts [N=10]
//
// Part 1, same state: one cluster of N/2 Go memberlist 0.2.2 peers and N/2 Ring nodes on
// 127.0.0.1 (LAN preset, every member with a Serf-style `ring.http` tag as ring-node has). We ask
// a Go peer and a Ring node for their push/pull state (an empty push/pull: nothing is merged) and
// take both replies apart: compress wrapper, LZW, header, every pushNodeState.
//
// Part 2, the benchmark's states: three separate N-member clusters, as bench:cluster ran them —
// Go with the stand-in tag ports it used to give (40001, 40002, ...), Go with kernel-assigned
// ports (what it gives now) and Ring with kernel-assigned ports (what ring-node's
// `--http 127.0.0.1:0` gets). For each reply: its size as sent, and the mean size of the same
// state over 200 node orders (both implementations send their nodes in an arbitrary order, which
// moves the LZW size by a few bytes).
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createUdpTransport } from '@ring/transport/node';
import { startGoPeer, stopAllGoPeers } from '@ring/go-peer';
import type { GoPeer } from '@ring/go-peer';
import { createSwimNode, encodeTags } from '../../src/index.js';
import type { SwimNode } from '../../src/index.js';
import { MessageType, encodeStream, encodeStreamMessage } from '../../src/wire/index.js';
import type { PushNodeState, PushPull } from '../../src/wire/index.js';
import { lzwCompress } from '../../src/wire/layers/lzw.js';
import { until } from '../helpers/until.js';
import { capturePushPull } from './capture-push-pull.js';
import type { PushPullReply } from './capture-push-pull.js';

const N = Number(process.argv[2] ?? 10);
if (!Number.isInteger(N) || N < 2) throw new Error('usage: pushpull-bytes.ts [N >= 2]');

const holders: Server[] = [];
/** A loopback port the kernel assigns to a listener on port 0 (held open until the end). */
async function kernelPort(): Promise<number> {
  const server = createServer();
  holders.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}
let standIn = 40_000;
const sequentialPort = (): Promise<number> => Promise.resolve(++standIn);
const tags = (port: number): Record<string, string> => ({ 'ring.http': `127.0.0.1:${port}` });

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A seeded xorshift generator: the same node orders on every run. */
function orders(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Mean compressed size of `pp` over `count` seeded node orders. */
function meanOverOrders(pp: PushPull, count = 200): number {
  const rand = orders(11);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const nodes = [...pp.nodes];
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [nodes[i], nodes[j]] = [nodes[j]!, nodes[i]!];
    }
    sum += encodeStream(
      { type: MessageType.PushPull, body: { ...pp, nodes } },
      { compress: true },
    ).length;
  }
  return sum / count;
}

/** The encoded length of one node state inside a push/pull. */
function nodeLength(n: PushNodeState): number {
  const body = (nodes: PushNodeState[]): PushPull => ({
    join: false,
    nodes,
    userState: new Uint8Array(0),
  });
  return (
    encodeStreamMessage({ type: MessageType.PushPull, body: body([n]) }).length -
    encodeStreamMessage({ type: MessageType.PushPull, body: body([]) }).length
  );
}

function show(label: string, r: PushPullReply): void {
  const wrapper = r.raw.length - r.lzw.length;
  console.log(`\n== ${label}`);
  console.log(
    `${r.raw.length} B sent = compress wrapper ${wrapper} B (${hex(r.raw.subarray(0, wrapper))}) + LZW ${r.lzw.length} B; ` +
      `plaintext ${r.plain.length} B: ${r.pushPull.nodes.length} node states, user state ${r.pushPull.userState.length} B, join ${String(r.pushPull.join)}`,
  );
  let nodes = 0;
  for (const n of r.pushPull.nodes) {
    const len = nodeLength(n);
    nodes += len;
    console.log(
      `  ${n.name.padEnd(5)} ${len} B  state ${n.state} inc ${n.incarnation} addr ${hex(n.addr)} port ${n.port} vsn ${hex(n.vsn)} meta ${n.meta === null ? 'nil' : Buffer.from(n.meta).toString('latin1').slice(1)}`,
    );
  }
  console.log(`  type byte + header ${r.plain.length - nodes - r.pushPull.userState.length} B`);
  const again = encodeStream({ type: MessageType.PushPull, body: r.pushPull }, { compress: true });
  console.log(
    `  Ring's encoder rebuilds these ${r.raw.length} bytes exactly: ${String(hex(again) === hex(r.raw))}`,
  );
}

async function goCluster(
  prefix: string,
  count: number,
  port: () => Promise<number>,
  join?: string,
): Promise<GoPeer[]> {
  const peers: GoPeer[] = [];
  for (let i = 1; i <= count; i++) {
    const seed = join ?? peers[0]?.address;
    peers.push(
      await startGoPeer({
        name: `${prefix}-${i}`,
        preset: 'lan',
        tags: tags(await port()),
        ...(seed === undefined ? {} : { join: [seed] }),
      }),
    );
  }
  return peers;
}

const ringNodes: SwimNode[] = [];
async function ringCluster(prefix: string, count: number, join?: string): Promise<SwimNode[]> {
  const nodes: SwimNode[] = [];
  for (let i = 1; i <= count; i++) {
    const node = createSwimNode({
      name: `${prefix}-${i}`,
      transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
      preset: 'lan',
      meta: encodeTags(tags(await kernelPort())),
    });
    nodes.push(node);
    ringNodes.push(node);
    await node.start();
    const seed = join ?? nodes[0]!.address;
    if (seed !== node.address) await node.join([seed]);
  }
  return nodes;
}

async function converged(go: GoPeer[], ring: SwimNode[], names: string[]): Promise<void> {
  for (const g of go) await g.waitForMembers(names, 60_000);
  await until(
    () => ring.every((n) => names.every((m) => n.member(m)?.state === 'alive')),
    60_000,
    'ring nodes see everyone',
  );
}

try {
  // ---- part 1: one mixed cluster, the same state from both sides
  const half = Math.max(1, Math.floor(N / 2));
  const go = await goCluster('g', half, kernelPort);
  const ring = await ringCluster('r', N - half, go[0]!.address);
  await converged(go, ring, [...go.map((g) => g.name), ...ring.map((r) => r.name)]);
  const goReply = await capturePushPull(go[0]!.address);
  const ringReply = await capturePushPull(ring[0]!.address);
  show(`part 1 — Go ${go[0]!.name} in the mixed cluster`, goReply);
  show(`part 1 — Ring ${ring[0]!.name} in the mixed cluster`, ringReply);
  console.log(
    `\nsame state: Go ${goReply.raw.length} B, Ring ${ringReply.raw.length} B as sent; over 200 node orders Go ${meanOverOrders(goReply.pushPull).toFixed(1)} B, Ring ${meanOverOrders(ringReply.pushPull).toFixed(1)} B`,
  );
  await stopAllGoPeers();
  for (const n of ringNodes.splice(0)) await n.shutdown();

  // ---- part 2: the benchmark's three separate clusters
  const rows: [string, PushPullReply][] = [];
  const goSeq = await goCluster('g', N, sequentialPort);
  await converged(
    goSeq,
    [],
    goSeq.map((g) => g.name),
  );
  rows.push([
    'Go, stand-in tag ports 40001.. (bench before)',
    await capturePushPull(goSeq[0]!.address),
  ]);
  await stopAllGoPeers();
  const goKernel = await goCluster('g', N, kernelPort);
  await converged(
    goKernel,
    [],
    goKernel.map((g) => g.name),
  );
  rows.push([
    'Go, kernel-assigned tag ports (bench now)',
    await capturePushPull(goKernel[0]!.address),
  ]);
  await stopAllGoPeers();
  const ringOnly = await ringCluster('r', N);
  await converged(
    [],
    ringOnly,
    ringOnly.map((r) => r.name),
  );
  rows.push([
    'Ring, kernel-assigned tag ports (ring-node)',
    await capturePushPull(ringOnly[0]!.address),
  ]);

  console.log(
    `\n== part 2 — one push/pull of an N=${N} cluster, each implementation in its own cluster`,
  );
  const base = meanOverOrders(rows[0]![1].pushPull);
  const fresh = meanOverOrders(rows[1]![1].pushPull);
  for (const [label, r] of rows) {
    const mean = meanOverOrders(r.pushPull);
    console.log(
      `${label.padEnd(46)} sent ${String(r.raw.length).padStart(5)} B, plaintext ${String(r.plain.length).padStart(5)} B, ` +
        `mean over orders ${mean.toFixed(1).padStart(7)} B  (÷ Go before ${(mean / base).toFixed(3)}, ÷ Go now ${(mean / fresh).toFixed(3)})`,
    );
  }
  const lzwOnly = (r: PushPullReply): number => lzwCompress(r.plain).length;
  console.log(`LZW of the plaintext as sent: ${rows.map(([, r]) => lzwOnly(r)).join(' / ')} B`);
} finally {
  await stopAllGoPeers();
  for (const n of ringNodes) await n.shutdown();
  for (const s of holders) s.close();
}
