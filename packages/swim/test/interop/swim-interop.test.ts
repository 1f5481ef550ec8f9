/**
 * Ring nodes and Go memberlist (0.2.2, Debian) peers in one cluster on 127.0.0.1. These tests need
 * Go and the memberlist sources (`.ci/run` installs them); without them `startGoPeer` rejects with
 * GO_TOOLCHAIN_MISSING and the tests fail loudly. They never skip.
 */
import { describe, expect, it } from 'vitest';
import { decodeTags, encodeTags } from '../../src/index.js';
import type { SwimNode, UserMessage } from '../../src/index.js';
import { Keyring } from '../../src/wire/index.js';
import {
  GO_PEER_FAST_TIMING as fast,
  fromBase64,
  isLeaveOf,
  isMessage,
  isUpdateOf,
  startGoPeer,
} from '@ring/go-peer';
import type { GoPeer } from '@ring/go-peer';
import { until } from '../helpers/until.js';
import { useInteropCluster } from './ring-peers.js';
import { swimInternals } from '../../src/internal.js';

const { ring } = useInteropCluster();

function inbox(node: SwimNode): UserMessage[] {
  const got: UserMessage[] = [];
  node.on('message', (m) => got.push(m));
  return got;
}
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const hasText = (box: UserMessage[], s: string): boolean =>
  box.some((m) => new TextDecoder().decode(m.payload) === s);

async function allSeeAll(ringSide: SwimNode[], goSide: GoPeer[]): Promise<void> {
  const names = [...ringSide.map((n) => n.name), ...goSide.map((g) => g.name)];
  for (const g of goSide) await g.waitForMembers(names, 15_000);
  await until(
    () => ringSide.every((n) => names.every((name) => n.member(name)?.state === 'alive')),
    15_000,
    'ring nodes see everyone',
  );
}

describe('interop with Go memberlist', () => {
  it('Go seed + Ring nodes: membership, tags, messages, broadcasts, meta updates, kill detection both ways', async () => {
    const go = await startGoPeer({ name: 'go-seed', ...fast, tags: { role: 'go' } });
    const r1 = await ring('ring-1', { tags: { role: 'ring' } });
    const r2 = await ring('ring-2');
    expect(await r1.join([go.address])).toBe(1);
    expect(await r2.join([go.address])).toBe(1);
    await allSeeAll([r1, r2], [go]);

    // Tags both ways.
    expect(decodeTags(r2.member('go-seed')!.meta)).toEqual({ role: 'go' });
    expect(go.view().get('ring-1')?.tags).toEqual({ role: 'ring' });

    // User messages Ring → Go (best effort and reliable) and Go → Ring (both).
    await r1.sendBestEffort('go-seed', text('ring-udp'));
    await r1.sendReliable('go-seed', text('ring-tcp'));
    await go.waitFor(isMessage('ring-udp'));
    await go.waitFor(isMessage('ring-tcp'));
    const box = inbox(r2);
    await go.send('ring-2', 'go-udp');
    await go.send('ring-2', 'go-tcp', { reliable: true });
    await until(
      () => hasText(box, 'go-udp') && hasText(box, 'go-tcp'),
      5_000,
      'ring-2 got both Go messages',
    );

    // Broadcasts both ways (raw memberlist user broadcasts).
    await go.broadcast('go-bcast');
    await until(() => hasText(box, 'go-bcast'), 5_000, 'ring-2 got the Go broadcast');
    swimInternals(r1).queueUserBroadcast(text('ring-bcast'));
    await go.waitFor(isMessage('ring-bcast'));

    // Meta updates both ways.
    const since = go.events.length;
    await r1.updateMeta(encodeTags({ role: 'ring', v: '2' }));
    const upd = await go.waitFor(isUpdateOf('ring-1'), 5_000, { since });
    expect(upd.event === 'update' ? upd.tags : undefined).toEqual({ role: 'ring', v: '2' });
    const updates: string[] = [];
    r2.on('update', (m) => updates.push(m.name));
    await go.setMeta({ role: 'go', v: '2' });
    await until(
      () => decodeTags(r2.member('go-seed')!.meta).v === '2',
      5_000,
      'ring-2 sees the new Go tags',
    );
    expect(updates).toContain('go-seed');

    // A crashed Ring node is declared dead by Go; a crashed Go node by Ring.
    await r2.shutdown();
    await go.waitFor(isLeaveOf('ring-2', 'dead'), 15_000);
    const g2 = await startGoPeer({ name: 'go-2', ...fast, join: [r1.address] });
    await until(() => r1.member('go-2')?.state === 'alive', 10_000, 'ring-1 sees go-2');
    await g2.kill();
    await until(() => r1.member('go-2')?.state === 'dead', 15_000, 'ring-1 declares go-2 dead');
  }, 90_000);

  it('Ring seed + Go nodes: membership and graceful leave both ways', async () => {
    const r1 = await ring('ring-seed');
    const r2 = await ring('ring-b');
    const g1 = await startGoPeer({ name: 'go-a', ...fast, join: [r1.address] });
    const g2 = await startGoPeer({ name: 'go-b', ...fast, join: [r1.address] });
    expect(await r2.join([r1.address])).toBe(1);
    await allSeeAll([r1, r2], [g1, g2]);

    // A Go node leaves gracefully: Ring marks it left.
    await g2.leave(5_000);
    await until(
      () => r1.member('go-b')?.state === 'left' && r2.member('go-b')?.state === 'left',
      10_000,
      'ring sees go-b left',
    );
    // A Ring node leaves gracefully: Go marks it left.
    await r2.leave(5_000);
    await g1.waitFor(isLeaveOf('ring-b', 'left'), 10_000);
    expect(g1.view().has('ring-b')).toBe(false);
  }, 90_000);

  it('with an encryption keyring on both sides', async () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    const go = await startGoPeer({ name: 'go-enc', ...fast, keys: [key] });
    const r1 = await ring('ring-enc', { keyring: new Keyring([key]) });
    expect(await r1.join([go.address])).toBe(1);
    await allSeeAll([r1], [go]);
    const box = inbox(r1);
    await go.send('ring-enc', 'secret-udp');
    await go.send('ring-enc', 'secret-tcp', { reliable: true });
    await r1.sendReliable('go-enc', text('ring-secret'));
    await go.waitFor(isMessage('ring-secret'));
    await until(
      () => hasText(box, 'secret-udp') && hasText(box, 'secret-tcp'),
      5_000,
      'encrypted messages arrive',
    );
    // A Ring node without the key cannot join.
    const plain = await ring('ring-plain');
    await expect(plain.join([go.address])).rejects.toMatchObject({ code: 'ERR_JOIN_FAILED' });
  }, 60_000);

  it('with compression off on both sides', async () => {
    const go = await startGoPeer({
      name: 'go-raw',
      ...fast,
      compression: false,
      tags: { z: 'x'.repeat(200) },
    });
    const r1 = await ring('ring-raw', { compression: false, tags: { z: 'y'.repeat(200) } });
    expect(await r1.join([go.address])).toBe(1);
    await allSeeAll([r1], [go]);
    expect(go.view().get('ring-raw')?.tags).toEqual({ z: 'y'.repeat(200) });
    expect(decodeTags(r1.member('go-raw')!.meta)).toEqual({ z: 'x'.repeat(200) });
    await r1.sendReliable('go-raw', text('uncompressed'));
    const msg = await go.waitFor(isMessage('uncompressed'));
    expect(msg.event === 'message' ? new TextDecoder().decode(fromBase64(msg.payload)) : '').toBe(
      'uncompressed',
    );
    await go.kill();
    await until(() => r1.member('go-raw')?.state === 'dead', 15_000, 'ring declares go-raw dead');
  }, 60_000);
});
