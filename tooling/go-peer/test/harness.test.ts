// Tests of the Go memberlist interop peer and its harness: real processes on 127.0.0.1, real time,
// every wait bounded by a deadline. They fail (never skip) when Go or memberlist is missing.
import { randomBytes } from 'node:crypto';
import { pack, unpack } from 'msgpackr';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GO_PEER_FAST_TIMING,
  GoPeerError,
  fromBase64,
  isJoinOf,
  isLeaveOf,
  isMessage,
  isUpdateOf,
  prebuildGoPeer,
  startGoPeer,
  stopAllGoPeers,
  type GoPeer,
  type GoPeerEvent,
  type GoPeerOptions,
} from '../src/index.js';

const fast = GO_PEER_FAST_TIMING;

/** Starts `a`, then `b` joining `a`, and waits until each sees the other. */
async function pair(
  extra: Partial<GoPeerOptions> = {},
  extraA: Partial<GoPeerOptions> = {},
): Promise<[GoPeer, GoPeer]> {
  const a = await startGoPeer({ name: 'a', ...fast, ...extra, ...extraA });
  const b = await startGoPeer({ name: 'b', join: [a.address], ...fast, ...extra });
  await Promise.all([a.waitForMembers(['a', 'b']), b.waitForMembers(['a', 'b'])]);
  return [a, b];
}

beforeAll(prebuildGoPeer, 180_000);
afterEach(stopAllGoPeers);

describe('Go peer lifecycle', () => {
  it('binds 127.0.0.1 port 0 and reports the real port and the effective timing', async () => {
    const a = await startGoPeer({ name: 'solo', ...fast, compression: false });
    expect(a.ready.addr).toBe('127.0.0.1');
    expect(a.port).toBeGreaterThan(0);
    expect(a.address).toBe(`127.0.0.1:${a.port}`);
    expect(a.ready.config).toMatchObject({
      probeIntervalMs: 200,
      probeTimeoutMs: 100,
      compression: false,
      encrypted: false,
    });
    const members = await a.members();
    expect(members.map((m) => [m.name, m.addr, m.state])).toEqual([['solo', a.address, 'alive']]);
  });

  it("applies memberlist's lan and wan presets, and -tags k=v", async () => {
    const lan = await startGoPeer({
      name: 'lan',
      preset: 'lan',
      extraArgs: ['-tags', 'role=db,dc=x'],
    });
    const wan = await startGoPeer({ name: 'wan', preset: 'wan' });
    expect(lan.ready.config).toMatchObject({
      probeIntervalMs: 1000,
      probeTimeoutMs: 500,
      retransmitMult: 4,
      suspicionMult: 4,
    });
    expect(wan.ready.config).toMatchObject({
      probeIntervalMs: 5000,
      probeTimeoutMs: 3000,
      gossipNodes: 4,
      suspicionMult: 6,
    });
    const self = lan.events.find(isJoinOf('lan'));
    expect(self).toMatchObject({ self: true, tags: { role: 'db', dc: 'x' } });
  });

  it('rejects a bad configuration with ERR_PEER_START and the reason', async () => {
    const error = await startGoPeer({ name: 'bad', meta: 'x', tags: { k: 'v' } }).catch(
      (e: unknown) => e,
    );
    expect((error as GoPeerError).code).toBe('ERR_PEER_START');
    expect((error as GoPeerError).message).toContain('at most one of');
  });

  it('rejects a start whose seeds all fail to answer', async () => {
    const gone = await startGoPeer({ name: 'gone', ...fast });
    const address = gone.address;
    await gone.stop();
    const error = await startGoPeer({ name: 'lonely', join: [address], ...fast }).catch(
      (e: unknown) => e,
    );
    expect((error as GoPeerError).code).toBe('ERR_PEER_START');
    expect((error as GoPeerError).message).toContain('joined none');
  });

  it('answers an unknown command with ERR_COMMAND and keeps running', async () => {
    const a = await startGoPeer({ name: 'a', ...fast });
    const error = await a.command({ cmd: 'bogus' } as never).catch((e: unknown) => e);
    expect((error as GoPeerError).code).toBe('ERR_COMMAND');
    expect((await a.members()).length).toBe(1);
  });

  it('streams events through the async iterator until exit', async () => {
    const a = await startGoPeer({ name: 'a', ...fast });
    const seen: string[] = [];
    const drained = (async () => {
      for await (const e of a.events) seen.push(e.event);
    })();
    await a.kill();
    await drained;
    expect(seen[0]).toBe('join'); // memberlist announces the local node first
    expect(seen).toContain('ready');
    expect(seen.at(-1)).toBe('exit');
    expect(a.events.at(-1)).toEqual({ event: 'exit', code: 1, signal: null });
  });
});

describe('two Go peers', () => {
  it('form a cluster and list each other as alive', async () => {
    const [a, b] = await pair();
    expect(a.ready.joined).toBe(0);
    expect(b.ready.joined).toBe(1);
    for (const peer of [a, b]) {
      const members = (await peer.members()).map((m) => `${m.name}@${m.addr}:${m.state}`).sort();
      expect(members).toEqual([`a@${a.address}:alive`, `b@${b.address}:alive`]);
    }
    expect(a.events.find(isJoinOf('b'))?.addr).toBe(b.address);
  });

  it('advertise protocol and delegate versions, and refuse incompatible delegate versions', async () => {
    const range = { delegateProtocolMin: 1, delegateProtocolMax: 3 };
    const [a, b] = await pair(
      { ...range, delegateProtocolVersion: 3 },
      { protocolVersion: 4, delegateProtocolVersion: 2 },
    );
    // [pmin, pmax, pcur, dmin, dmax, dcur]
    expect(b.events.find(isJoinOf('a'))?.vsn).toEqual([1, 5, 4, 1, 3, 2]);
    expect(a.events.find(isJoinOf('b'))?.vsn).toEqual([1, 5, 2, 1, 3, 3]);
    // memberlist checks every member's current version against the range all members accept.
    const old = await startGoPeer({ name: 'old', ...fast });
    await expect(old.join([a.address])).rejects.toThrow(
      /delegate protocol version \(\d\) is incompatible/,
    );
  });

  it('exchange user messages both ways, best effort and reliable', async () => {
    const [a, b] = await pair();
    await a.send('b', 'a->b packet');
    await b.send('a', 'b->a stream', { reliable: true });
    await a.send('b', new Uint8Array([0, 255, 1]), { reliable: true });
    await b.waitFor(isMessage('a->b packet'));
    await a.waitFor(isMessage('b->a stream'));
    await b.waitFor(isMessage(new Uint8Array([0, 255, 1])));
    await expect(a.send('nobody', 'x')).rejects.toMatchObject({ code: 'ERR_COMMAND' });
  });

  it('deliver a queued user broadcast through gossip', async () => {
    const [a, b] = await pair();
    await a.broadcast('news from a');
    const got = await b.waitFor(isMessage('news from a'));
    expect(fromBase64(got.payload).toString()).toBe('news from a');
  });

  it('relay a received message with rebroadcast', async () => {
    // memberlist never forwards user messages: c can only get a message that a sent to b alone if
    // b queues it again. retransmitMult 6 lets b's first gossip round reach both a and c.
    const opts = { ...fast, rebroadcast: true, retransmitMult: 6 };
    const a = await startGoPeer({ name: 'a', ...opts });
    const b = await startGoPeer({ name: 'b', join: [a.address], ...opts });
    const c = await startGoPeer({ name: 'c', join: [a.address], ...opts });
    await Promise.all([a, b, c].map((p) => p.waitForMembers(['a', 'b', 'c'])));
    expect(b.ready.rebroadcast).toBe(true);
    await a.send('b', 'relay me', { reliable: true });
    await b.waitFor(isMessage('relay me'));
    await c.waitFor(isMessage('relay me'));
  });

  it('carry Serf tags in meta, and meta updates', async () => {
    const [a, b] = await pair({}, { tags: { role: 'db', dc: 'eu-1' } });
    const joined = b.events.find(isJoinOf('a'))!;
    expect(joined.tags).toEqual({ role: 'db', dc: 'eu-1' });
    // Serf's encoding, checked independently of Go: 0xFF then a msgpack map of strings.
    const meta = fromBase64(joined.meta);
    expect(meta[0]).toBe(0xff);
    expect(unpack(meta.subarray(1))).toEqual({ role: 'db', dc: 'eu-1' });

    const since = b.events.length;
    await a.setMeta({ role: 'web' });
    const update = await b.waitFor(isUpdateOf('a'), 10_000, { since });
    expect(update.tags).toEqual({ role: 'web' });
    await a.setMeta(new Uint8Array([1, 2, 3]));
    const updateOfA = isUpdateOf('a');
    const raw = await b.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'update' }> => updateOfA(e) && e.meta === 'AQID',
      10_000,
      { since },
    );
    expect(raw.tags).toBeUndefined();
  });

  it('decode Serf tags that msgpackr encoded (map16, str8, UTF-8)', async () => {
    const tags = { role: 'db', zone: 'z'.repeat(40), ключ: 'значение' };
    const meta = Buffer.concat([Buffer.from([0xff]), pack(tags)]);
    expect(meta.subarray(1, 2)).toEqual(Buffer.from([0xde])); // msgpackr writes map16, Serf fixmap
    const [, b] = await pair({}, { meta });
    expect(b.events.find(isJoinOf('a'))?.tags).toEqual(tags);
  });

  it('exchange application state in push-pull', async () => {
    const a = await startGoPeer({
      name: 'a',
      ...fast,
      state: new TextEncoder().encode('state of a'),
    });
    const b = await startGoPeer({ name: 'b', join: [a.address], ...fast });
    const merged = await b.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'remote-state' }> => e.event === 'remote-state',
    );
    expect(fromBase64(merged.payload).toString()).toBe('state of a');
    expect(merged.join).toBe(true);
  });

  it('see a killed peer leave as dead', async () => {
    const [a, b] = await pair();
    expect(await b.kill()).toEqual({ code: 1, signal: null });
    const left = await a.waitFor(isLeaveOf('b'), 15_000);
    expect(left.state).toBe('dead');
    expect((await a.members()).map((m) => m.name)).toEqual(['a']);
  });

  it('see a graceful leave as left', async () => {
    const [a, b] = await pair();
    expect(await b.leave(3_000)).toEqual({ code: 0, signal: null });
    expect(b.events.some((e) => e.event === 'left')).toBe(true);
    const left = await a.waitFor(isLeaveOf('b'), 10_000);
    expect(left.state).toBe('left');
  });

  it('leave gracefully on SIGTERM', async () => {
    const [a, b] = await pair();
    process.kill(b.pid!, 'SIGTERM');
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect(b.events.some((e) => e.event === 'left')).toBe(true);
    await a.waitFor(isLeaveOf('b', 'left'), 10_000);
  });

  it("refuse a dead member's name from a new address while dead-reclaim-ms is 0", async () => {
    const [a, b] = await pair();
    await b.kill();
    await a.waitFor(isLeaveOf('b', 'dead'), 15_000);
    const b2 = await startGoPeer({ name: 'b', join: [a.address], ...fast });
    const conflict = await a.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'conflict' }> =>
        e.event === 'conflict' && e.name === 'b',
    );
    expect(conflict.existing).toMatchObject({ addr: b.address, state: 'dead' });
    expect(conflict.other).toBe(b2.address);
    expect((await a.members()).map((m) => m.name)).toEqual(['a']);
  });

  it("accept a dead member's name from a new address after dead-reclaim-ms", async () => {
    const [a, b] = await pair({}, { deadReclaimMs: 1 });
    await b.kill();
    await a.waitFor(isLeaveOf('b', 'dead'), 15_000);
    const b2 = await startGoPeer({ name: 'b', join: [a.address], ...fast });
    const joinOfB = isJoinOf('b');
    await a.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'join' }> => joinOfB(e) && e.addr === b2.address,
    );
    expect((await a.members()).map((m) => `${m.name}@${m.addr}`).sort()).toEqual([
      `a@${a.address}`,
      `b@${b2.address}`,
    ]);
  });

  it('with an encryption keyring: cluster and messages work, a peer without the key cannot join', async () => {
    const primary = randomBytes(32);
    const [a, b] = await pair({ keys: [primary, randomBytes(16)] });
    expect(a.ready.config.encrypted).toBe(true);
    await a.send('b', 'secret');
    await b.waitFor(isMessage('secret'));
    await b.broadcast('secret broadcast');
    await a.waitFor(isMessage('secret broadcast'));

    const plain = await startGoPeer({ name: 'plain', ...fast });
    await expect(plain.join([a.address])).rejects.toMatchObject({ code: 'ERR_COMMAND' });
    const otherKey = await startGoPeer({ name: 'other-key', ...fast, keys: [randomBytes(32)] });
    await expect(otherKey.join([a.address])).rejects.toMatchObject({ code: 'ERR_COMMAND' });
    expect((await a.members()).map((m) => m.name).sort()).toEqual(['a', 'b']);
  });

  it('with compression off: cluster, messages and broadcasts work', async () => {
    const [a, b] = await pair({ compression: false });
    expect(b.ready.config.compression).toBe(false);
    await b.send('a', 'uncompressed');
    await a.waitFor(isMessage('uncompressed'));
    await a.broadcast('uncompressed broadcast');
    await b.waitFor(isMessage('uncompressed broadcast'));
  });
});
