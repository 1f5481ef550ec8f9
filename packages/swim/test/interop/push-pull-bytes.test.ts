/**
 * Issue 11: a Ring node's push/pull against a Go memberlist 0.2.2 peer's for the same cluster
 * state, on real sockets. Both are asked for their state (an empty push/pull, so nothing is merged)
 * and must hold the same node states, self and a left member included, and Ring's bytes for that
 * state in Go's node order must be Go's bytes exactly: compress wrapper, LZW stream, msgpack
 * header and every pushNodeState. Needs Go (`pnpm test:interop`); fails loudly without it.
 */
import { expect, it } from 'vitest';
import { GO_PEER_FAST_TIMING as fast, isLeaveOf, startGoPeer } from '@ring/go-peer';
import type { GoPeer } from '@ring/go-peer';
import type { SwimNode } from '../../src/index.js';
import { MessageType, NodeStateType, encodeStream } from '../../src/wire/index.js';
import type { PushNodeState } from '../../src/wire/index.js';
import { until } from '../helpers/until.js';
import { capturePushPull, nodeStateSet } from './capture-push-pull.js';
import { useInteropCluster } from './ring-peers.js';

const { ring } = useInteropCluster();

// ring-node's metadata: its admin address as a Serf-style tag.
const tags = (port: number): Record<string, string> => ({ 'ring.http': `127.0.0.1:${port}` });
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

it('a Ring push/pull is byte for byte a Go push/pull of the same state (4 Go + 2 Ring, Serf tags, one left)', async () => {
  const go: GoPeer[] = [];
  for (let i = 1; i <= 4; i++) {
    const join = i === 1 ? {} : { join: [go[0]!.address] };
    go.push(await startGoPeer({ name: `g-${i}`, ...fast, tags: tags(41_000 + i), ...join }));
  }
  const ringNodes: SwimNode[] = [];
  for (let i = 1; i <= 2; i++) {
    const node = await ring(`r-${i}`, { tags: tags(42_000 + i) });
    ringNodes.push(node);
    await node.join([go[0]!.address]);
  }
  const names = [...go.map((g) => g.name), ...ringNodes.map((n) => n.name)];
  for (const g of go) await g.waitForMembers(names, 15_000);
  await until(
    () => ringNodes.every((n) => names.every((m) => n.member(m)?.state === 'alive')),
    15_000,
    'ring nodes see everyone alive',
  );

  // g-4 leaves: both sides keep it, as `left`, until gossipToTheDead has passed.
  const leaving = go[3]!;
  const gone = go[0]!.waitFor(isLeaveOf('g-4'), 15_000);
  await leaving.leave();
  await gone;
  await until(
    () => ringNodes.every((n) => n.member('g-4')?.state === 'left'),
    15_000,
    'ring nodes see g-4 left',
  );

  // Ask both until their views agree (a probe round may still be refuting a suspicion).
  let goReply = await capturePushPull(go[0]!.address);
  let ringReply = await capturePushPull(ringNodes[0]!.address);
  const deadline = performance.now() + 15_000;
  while (
    JSON.stringify(nodeStateSet(ringReply.pushPull)) !==
      JSON.stringify(nodeStateSet(goReply.pushPull)) &&
    performance.now() < deadline
  ) {
    await new Promise<void>((resolve) => setTimeout(resolve, 50));
    goReply = await capturePushPull(go[0]!.address);
    ringReply = await capturePushPull(ringNodes[0]!.address);
  }

  // The same entries: every member, self and the left one included, with equal fields.
  expect(nodeStateSet(ringReply.pushPull)).toEqual(nodeStateSet(goReply.pushPull));
  expect(goReply.pushPull.nodes.map((n) => n.name).sort()).toEqual(names.sort());
  const left = goReply.pushPull.nodes.find((n) => n.name === 'g-4');
  expect(left?.state).toBe(NodeStateType.Left);
  expect(ringReply.pushPull.userState).toHaveLength(0);

  // Ring's encoding of its state, in Go's node order, is Go's reply byte for byte.
  const ringByName = new Map(ringReply.pushPull.nodes.map((n) => [n.name, n]));
  const inGoOrder: PushNodeState[] = goReply.pushPull.nodes.map((n) => ringByName.get(n.name)!);
  const ringInGoOrder = encodeStream(
    { type: MessageType.PushPull, body: { ...ringReply.pushPull, nodes: inGoOrder } },
    { compress: true },
  );
  expect(hex(ringInGoOrder)).toBe(hex(goReply.raw));

  // And what the Ring node wrote is exactly that encoding of its own order: no other framing.
  const ringOwn = encodeStream(
    { type: MessageType.PushPull, body: ringReply.pushPull },
    { compress: true },
  );
  expect(hex(ringReply.raw)).toBe(hex(ringOwn));
  expect(ringReply.plain.length).toBe(goReply.plain.length);
}, 90_000);
