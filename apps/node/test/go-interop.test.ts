/**
 * `ring-node --json` (the real CLI, spawned through bin/ring-node.cjs) in one cluster with a Go
 * hashicorp/memberlist peer started by the `@ring/go-peer` test tooling. Needs Go and the memberlist
 * sources (`.ci/run` installs them); without them the harness rejects with GO_TOOLCHAIN_MISSING and
 * these tests fail loudly — they never skip.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GO_PEER_FAST_TIMING,
  isJoinOf,
  isLeaveOf,
  prebuildGoPeer,
  startGoPeer,
  stopAllGoPeers,
} from '@ring/go-peer';
import { spawnRingNode } from './helpers/ring-node-process.js';
import type { RingNodeProcess } from './helpers/ring-node-process.js';

const running: RingNodeProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.stop();
    await p.exit;
  }
  await stopAllGoPeers();
});

function ringNode(args: string[]): RingNodeProcess {
  const p = spawnRingNode([
    '--bind',
    '127.0.0.1:0',
    '--http',
    'off',
    '--json',
    '--preset',
    'local',
    ...args,
  ]);
  running.push(p);
  return p;
}

async function lineWhere(
  p: RingNodeProcess,
  match: (l: Record<string, unknown>) => boolean,
  what: string,
): Promise<Record<string, unknown>> {
  await expect
    .poll(() => p.lines.some(match), {
      timeout: 45_000,
      interval: 50,
      message: `${what}; stderr: ${p.stderr()}`,
    })
    .toBe(true);
  return p.lines.find(match)!;
}

describe('ring-node --json with a Go memberlist peer', () => {
  beforeAll(prebuildGoPeer, 180_000);

  it('ring-node joins a Go peer: join events on both sides, then a graceful leave seen by Go', async () => {
    const go = await startGoPeer({ name: 'go-1', ...GO_PEER_FAST_TIMING });
    const node = ringNode(['--name', 'ring-1', '--join', go.address]);
    const join = await lineWhere(
      node,
      (l) => l.event === 'join' && l.name === 'go-1',
      'ring-node prints join of go-1',
    );
    expect(join).toMatchObject({ addr: go.address, count: 2 });
    expect(typeof join.t).toBe('number');
    expect(await lineWhere(node, (l) => l.event === 'ready', 'ready')).toMatchObject({
      name: 'ring-1',
      count: 2,
    });
    await go.waitFor(isJoinOf('ring-1'), 30_000);
    node.stop();
    expect(await node.exit).toBe(0);
    await go.waitFor(isLeaveOf('ring-1', 'left'), 30_000);
    expect(node.lines.at(-1)).toMatchObject({ event: 'left' });
  }, 120_000);

  it('a Go peer joins ring-node: join events on both sides', async () => {
    const node = ringNode(['--name', 'ring-2']);
    const config = await lineWhere(node, (l) => l.event === 'config', 'config line');
    const go = await startGoPeer({
      name: 'go-2',
      join: [config.addr as string],
      ...GO_PEER_FAST_TIMING,
    });
    await go.waitFor(isJoinOf('ring-2'), 30_000);
    expect(
      await lineWhere(
        node,
        (l) => l.event === 'join' && l.name === 'go-2',
        'ring-node prints join of go-2',
      ),
    ).toMatchObject({ addr: go.address, count: 2 });
  }, 120_000);

  it('encrypted: ring-node --key and a Go peer with the same keyring join each other', async () => {
    const key = Buffer.alloc(32, 0x5a).toString('base64');
    const go = await startGoPeer({ name: 'go-3', keys: [key], ...GO_PEER_FAST_TIMING });
    const node = ringNode(['--name', 'ring-3', '--key', key, '--join', go.address]);
    expect(
      await lineWhere(
        node,
        (l) => l.event === 'join' && l.name === 'go-3',
        'ring-node prints join of go-3',
      ),
    ).toMatchObject({ count: 2 });
    await go.waitFor(isJoinOf('ring-3'), 30_000);
  }, 120_000);
});
