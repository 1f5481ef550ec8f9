/**
 * `pnpm test:chaos`: real ring-node processes (and two Go memberlist peers) on real addresses in
 * network namespaces of our own, under nftables loss, partitions and one-way links, a small MTU,
 * SIGSTOP, restarts on a new address, and `--impair` delay. Every scenario asserts what every
 * member ends up seeing and measures how long it took; the summary goes to docs/RELIABILITY.md.
 *
 * Needs root, iproute2 and nftables (the global setup fails the run without them). The scenarios
 * share one network (8 hosts on one bridge) and run one after another; processes are killed and
 * faults removed after each, namespaces after all (and on exit, and at the next start).
 *
 * Waiting: every wait is for a condition with a deadline. The fixed windows ("2 minutes of loss",
 * "a 60 s partition", "SIGSTOP for 10 s") are the scenarios' own durations, during which the test
 * keeps checking what members see.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoMember, runningMembers } from './members.js';
import type { Member } from './members.js';
import { ChaosNetwork, removeLeftoversSync } from './netns.js';
// The Go memberlist peer harness (builds the peer once per source hash).
import { prebuildGoPeer } from '@ring/go-peer';
import { ChaosReport, secs } from './report.js';
import {
  BOUND,
  changes,
  converged,
  describeViews,
  explainMember,
  falseDeaths,
  metric,
  observe,
  ring as ringOn,
  ringCluster as ringClusterOn,
  seenAlive,
  seesDead,
  startSeed,
  udpPingRtts as udpPingRttsOn,
  waitConverged,
  waitUntil,
} from './scenario.js';

const report = new ChaosReport();
let net: ChaosNetwork;
const nsNames: string[] = [];

const ring = (n: number, extra: readonly string[], hostId?: string) =>
  ringOn(net, n, extra, hostId);
const ringCluster = (count: number, extra?: (n: number) => readonly string[]) =>
  ringClusterOn(net, count, extra);

async function stopAll(): Promise<void> {
  await Promise.all(runningMembers().map((m) => m.kill()));
}

function onExit(): void {
  for (const m of runningMembers()) m.signal('SIGKILL');
  removeLeftoversSync(nsNames);
}

// One file, run by itself (fileParallelism off); its tests run in order, one at a time.
describe('chaos: ring-node in network namespaces', () => {
  beforeAll(async () => {
    process.once('exit', onExit);
    net = await ChaosNetwork.create(8, [1, 2]);
    nsNames.push(...net.namespaces);
    await prebuildGoPeer();
  }, 300_000);

  afterEach(async () => {
    await stopAll();
    await net.resetFaults();
  }, 60_000);

  afterAll(async () => {
    await stopAll();
    await net?.destroy();
    process.removeListener('exit', onExit);
    report.write();
  }, 60_000);

  it('5 hosts join through a DNS name (hosts file in the namespaces) and converge', async () => {
    const row = report.add(
      '5 hosts join via DNS',
      'r2..r5 `--join seeds.chaos.test` (A records h1, h2); every member sees the 4 others alive at their 10.213.0.x address',
      '',
    );
    const start = Date.now();
    const r1 = await startSeed(net, []);
    const firstReady = Date.now() - start;
    const joinAt = Date.now();
    const all = [r1];
    for (let n = 2; n <= 5; n++) all.push(ring(n, ['--join', 'seeds.chaos.test']));
    const convergeMs = await waitConverged(all, BOUND.convergeMs, 'DNS join');
    for (const m of all) {
      for (const o of all) {
        if (o !== m)
          expect(m.view().get(o.name)?.addr, `${m.name}'s view of ${o.name}`).toBe(o.address);
      }
    }
    const readyTimes = all.slice(1).map((m) => {
      const ready = m.lines.find((l) => l.event === 'ready');
      return Number(ready?.t) - joinAt;
    });
    Object.assign(row, {
      measured: `first node ready ${secs(firstReady)} after spawn; r2..r5 ready ${secs(Math.min(...readyTimes))}–${secs(Math.max(...readyTimes))} after spawn; all 5 converged ${secs(convergeMs)} after spawn (includes Node start-up)`,
      passed: true,
    });
    console.log(`chaos: ${row.measured}`);
  });

  it('50 ± 10 ms delay (--impair) and 5 % loss (nftables) on every link for 2 minutes: no false deaths, stays converged', async () => {
    const row = report.add(
      'delay 50±10 ms + 5 % loss, 2 min',
      'no member ever declared dead; all 5 converged at the end; a memberlist ping to r1 from an unimpaired host is answered after ≥ 40 ms (the delay is real)',
      '',
    );
    const { members, convergeMs } = await ringCluster(5, (n) => [
      '--impair',
      `delay=50,jitter=10,seed=${n}`,
      '--http',
      '127.0.0.1:7947',
    ]);
    for (const h of ['h1', 'h2', 'h3', 'h4', 'h5']) await net.addLoss(h, 5);
    const t0 = Date.now();
    let minAlive = 4;
    const problems = await observe(120_000, () => {
      for (const m of members) minAlive = Math.min(minAlive, m.alive().length);
      return falseDeaths(members, t0);
    });
    expect(problems, describeViews(members)).toEqual([]);
    expect(changes(members, 'dead', t0)).toEqual([]);
    // Faults still apply: a member may hold a suspicion its target is about to refute, so
    // "converged at the end" allows the refutation to arrive (a death would have failed above).
    await waitConverged(members, BOUND.settleUnderFaultsMs, 'at the end, faults still on');
    const suspicions = changes(members, 'suspect', t0).length;
    // The delay is real: memberlist pings from a bare socket on h6 (no faults there) to r1 come
    // back after r1's outbound delay of 50 ± 10 ms (a 5 % loss on r1's input may eat a few).
    const rtts = await udpPingRttsOn(net, 'h6', members[0]!.address, 20);
    expect(rtts.length).toBeGreaterThanOrEqual(10);
    const median = rtts.sort((a, b) => a - b)[Math.floor(rtts.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(40);
    expect(median).toBeLessThan(100);
    Object.assign(row, {
      measured: `converged ${secs(convergeMs)} after spawn (with the delay); 120 s under faults: 0 deaths, ${suspicions} suspicions (all refuted), fewest alive seen by any member ${minAlive}/4; ping r1 from h6: median RTT ${median.toFixed(1)} ms (${rtts.length}/20 answered)`,
      passed: true,
    });
  }, 400_000);

  it('a full partition 3 | 2 for 60 s: each side declares the other dead; after heal one membership again', async () => {
    const row = report.add(
      'partition 3 | 2 for 60 s, then heal',
      `each side sees the other dead within ${secs(BOUND.detectMs)}; after heal all 5 see all alive within ${secs(BOUND.healMs)} (Ring's reconnect push/pull)`,
      '',
    );
    const { members } = await ringCluster(5);
    const left = members.slice(0, 3);
    const right = members.slice(3);
    await net.partition(['h1', 'h2', 'h3'], ['h4', 'h5']);
    const t0 = Date.now();
    const detectMs = await waitUntil(
      () => seesDead(left, right) && seesDead(right, left),
      BOUND.detectMs,
      () => `sides do not see each other dead${describeViews(members)}`,
    );
    const firstSuspect = Math.min(
      ...members.flatMap((m) =>
        m.timeline.filter((c) => c.at >= t0 && c.state === 'suspect').map((c) => c.at - t0),
      ),
    );
    // Hold the partition for 60 s in all; no member may see the other side alive meanwhile.
    const problems = await observe(Math.max(0, 60_000 - (Date.now() - t0)), () => {
      const leaked = [...seenAlive(left, right), ...seenAlive(right, left)];
      return leaked.length > 0 ? `alive across the partition: ${leaked.join(', ')}` : undefined;
    });
    expect(problems).toEqual([]);
    // Both halves still hold themselves together.
    expect(
      left.every((m) => left.every((o) => o === m || m.view().get(o.name)?.state === 'alive')),
    ).toBe(true);
    expect(
      right.every((m) => right.every((o) => o === m || m.view().get(o.name)?.state === 'alive')),
    ).toBe(true);
    await net.resetFaults();
    const healMs = await waitConverged(members, BOUND.healMs, 'after heal');
    Object.assign(row, {
      measured: `first suspicion ${secs(firstSuspect)}, both sides see the other dead ${secs(detectMs)} after the cut; one membership again ${secs(healMs)} after heal`,
      passed: true,
    });
  }, 400_000);

  it('an asymmetric link (r1→r2 works, r2→r1 dropped) and a member behind 30 % loss: nobody is declared dead', async () => {
    const row = report.add(
      'one-way link + 30 % loss member, 60 s',
      'no member declared dead; all 5 converged at the end; r1 and r2 reached each other through indirect probes (indirect pings > 0)',
      '',
    );
    const { members } = await ringCluster(5, () => ['--http', '127.0.0.1:7947']);
    const before = await Promise.all(
      members.map((m) => metric(m, 'ring_swim_packets_out_total', 'type="indirect_ping"')),
    );
    await net.blockLink('h2', 'h1');
    await net.addLoss('h5', 30);
    for (const h of ['h1', 'h2', 'h3', 'h4']) await net.addLoss(h, 30, ['h5']);
    const t0 = Date.now();
    const problems = await observe(60_000, () => falseDeaths(members, t0));
    // On failure: what died, then every member's history of each member that died (and of r5).
    const deadNames = members.flatMap((m) =>
      m.timeline.filter((c) => c.state === 'dead' && c.at >= t0).map((c) => c.name),
    );
    const died = new Set(['r5', ...deadNames]);
    let why = '';
    if (problems.length > 0) {
      for (const name of died) why += await explainMember(members, name);
    }
    expect(problems, `${problems.join(' | ')}${describeViews(members)}${why}`).toEqual([]);
    // Faults still apply: a member may hold a suspicion its target is about to refute, so
    // "converged at the end" allows the refutation to arrive (a death would have failed above).
    await waitConverged(members, BOUND.settleUnderFaultsMs, 'at the end, faults still on');
    const after = await Promise.all(
      members.map((m) => metric(m, 'ring_swim_packets_out_total', 'type="indirect_ping"')),
    );
    const indirect = after.map((a, i) => a - before[i]!);
    const health = await Promise.all(members.map((m) => metric(m, 'ring_swim_health_score')));
    const r5 = members[4]!;
    const refutations = await metric(r5, 'ring_swim_refutations_total');
    const repeats = await metric(r5, 'ring_swim_refutation_repeats_total');
    // r1's and r2's own probes of each other fail directly (ack or ping lost): they must go indirect.
    expect(indirect[0]! + indirect[1]!).toBeGreaterThan(0);
    const suspicions = changes(members, 'suspect', t0);
    const suspectedHealthy = suspicions.filter((s) => !/ saw r5 /.test(s)).length;
    Object.assign(row, {
      measured: `60 s: 0 deaths; suspicions of r5 ${suspicions.length - suspectedHealthy}, of healthy members ${suspectedHealthy} (all refuted; r5 refuted ${refutations} times and repeated a refutation ${repeats} times); indirect pings sent r1..r5 = ${indirect.join('/')}; Lifeguard health scores at the end ${health.join('/')}`,
      passed: true,
    });
  }, 300_000);

  it('SIGSTOP for 10 s, then SIGCONT: the member is alive again under the same name', async () => {
    const row = report.add(
      'SIGSTOP 10 s / SIGCONT',
      `within ${secs(BOUND.resumeMs)} of SIGCONT every member sees r3 alive (same name) and r3 sees all 4 alive`,
      '',
    );
    const { members } = await ringCluster(5);
    const r3 = members[2]!;
    const others = members.filter((m) => m !== r3);
    r3.signal('SIGSTOP');
    const t0 = Date.now();
    await observe(10_000, () => undefined);
    const suspectedAt = changes(others, 'suspect', t0).length;
    const deadDuringStop = changes(others, 'dead', t0);
    r3.signal('SIGCONT');
    const tc = Date.now();
    const resumeMs = await waitConverged(members, BOUND.resumeMs, 'after SIGCONT');
    expect(members.every((m) => m === r3 || m.view().get('r3')?.addr === r3.address)).toBe(true);
    const how =
      deadDuringStop.length === 0
        ? `refuted its suspicion (suspected by ${suspectedAt} views, never dead)`
        : `rejoined: declared dead by ${new Set(deadDuringStop.map((d) => d.split(' ')[0])).size}/4 members while stopped`;
    Object.assign(row, {
      measured: `${how}; every member sees r3 alive ${secs(resumeMs)} after SIGCONT (${secs(tc - t0)} stopped)`,
      passed: true,
    });
  }, 300_000);

  it('a member restarted on a new address with the same name reclaims the name', async () => {
    const row = report.add(
      'restart on a new address, same name',
      `r5 killed (SIGKILL) on 10.213.0.5, declared dead; restarted as r5 on 10.213.0.6: within ${secs(BOUND.reclaimMs)} every member sees r5 alive at 10.213.0.6:7946`,
      '',
    );
    // The admin API (inside each namespace) only serves the diagnostics of a failure.
    const http = ['--http', '127.0.0.1:7947'];
    const { members } = await ringCluster(5, () => http);
    const old = members[4]!;
    const others = members.slice(0, 4);
    await old.kill();
    const t0 = Date.now();
    const deadMs = await waitUntil(
      () => others.every((m) => m.view().get('r5')?.state === 'dead'),
      BOUND.detectMs,
      () => `r5 not dead everywhere${describeViews(others)}`,
    );
    const restarted = ring(5, ['--join', `${net.host('h1').ip}:7946`, ...http], 'h6');
    const all = [...others, restarted];
    const reclaimed = (): boolean =>
      converged(all) && others.every((m) => m.view().get('r5')?.addr === restarted.address);
    const reclaimMs = await waitUntil(reclaimed, BOUND.reclaimMs, () => '').catch(
      async (error: unknown) => {
        // Every member's history of r5 says which claims reached whom, and when.
        const why = await explainMember(all, 'r5');
        throw new Error(
          `${String(error)}: r5 not reclaimed at ${restarted.address}${describeViews(all)}${why}`,
        );
      },
    );
    expect(restarted.address).toBe('10.213.0.6:7946');
    Object.assign(row, {
      measured: `declared dead ${secs(deadMs)} after SIGKILL; name reclaimed at the new address ${secs(reclaimMs)} after the restart (Ring's deadNodeReclaimTime is 10 s on lan)`,
      passed: true,
    });
    expect(t0).toBeGreaterThan(0);
  }, 300_000);

  it('MTU 1280 on one link: gossip stays under it (no compound packet too big for the link)', async () => {
    const row = report.add(
      'MTU 1280 on h3’s link',
      'with `--impair mtu=1280` no UDP datagram to h3 exceeds 1280 bytes (nft counters at every sender) and the cluster converges; control run with the default 1400-byte budget shows such datagrams exist',
      '',
    );
    // ~420-byte alive messages (random, so LZW compression cannot shrink them, and different per
    // node): three of them overflow a 1252-byte packet.
    const tags = (): string[] => ['--tags', `pad=${randomBytes(285).toString('base64')}`];
    await net.setMtu('h3', 1280);
    await net.countOversized('h3', 1280);
    const control = await ringCluster(5, tags);
    await observe(5_000, () => undefined);
    const oversizedDefault = await net.oversized();
    await stopAll();
    await net.resetFaults();
    await net.setMtu('h3', 1280);
    await net.countOversized('h3', 1280);
    const { members, convergeMs } = await ringCluster(5, () => [...tags(), '--impair', 'mtu=1280']);
    await observe(15_000, () => undefined);
    const oversized = await net.oversized();
    // Faults still apply: a member may hold a suspicion its target is about to refute, so
    // "converged at the end" allows the refutation to arrive (a death would have failed above).
    await waitConverged(members, BOUND.settleUnderFaultsMs, 'at the end, faults still on');
    expect(oversized.packets).toBe(0);
    // The check can fail: without the cap the same start-up sends datagrams the link drops.
    expect(oversizedDefault.packets).toBeGreaterThan(0);
    Object.assign(row, {
      measured: `default budget: ${oversizedDefault.packets} datagrams > 1280 B sent to h3 (dropped by its link; converged in ${secs(control.convergeMs)} anyway via TCP push/pull); with mtu=1280: 0, converged ${secs(convergeMs)} after spawn`,
      passed: true,
    });
  }, 300_000);

  it('a mixed cluster: 2 Go memberlist nodes beside 3 ring-nodes under 5 % loss, then a 60 s partition Ring | Go, then heal', async () => {
    const row = report.add(
      'mixed: 3 Ring + 2 Go memberlist 0.2.2, 5 % loss, partition 3 | 2',
      `all 5 converge; 30 s of 5 % loss: no deaths; partition Ring | Go: each side sees the other dead within ${secs(BOUND.detectMs)}; after heal (Ring re-merges, Go never does by itself) one membership within ${secs(BOUND.healMs)}`,
      '',
    );
    const start = Date.now();
    const r1 = await startSeed(net, []);
    const seed = [`${net.host('h1').ip}:7946`];
    const go1 = await GoMember.start('go1', net.host('h7'), seed);
    const go2 = await GoMember.start('go2', net.host('h8'), seed);
    const r2 = ring(2, ['--join', seed[0]!]);
    const r3 = ring(3, ['--join', seed[0]!]);
    const rings = [r1, r2, r3];
    const gos = [go1, go2];
    const all: Member[] = [...rings, ...gos];
    await waitConverged(all, BOUND.convergeMs, 'mixed cluster');
    const convergeMs = Date.now() - start;
    for (const h of ['h1', 'h2', 'h3', 'h7', 'h8']) await net.addLoss(h, 5);
    const t0 = Date.now();
    const lossProblems = await observe(30_000, () => falseDeaths(all, t0));
    expect(lossProblems, describeViews(all)).toEqual([]);
    await net.partition(['h1', 'h2', 'h3'], ['h7', 'h8']);
    const tp = Date.now();
    const detectMs = await waitUntil(
      () => seesDead(rings, gos) && seesDead(gos, rings),
      BOUND.detectMs,
      () => `sides do not see each other dead${describeViews(all)}`,
    );
    await observe(Math.max(0, 60_000 - (Date.now() - tp)), () => undefined);
    // Heal the partition; the 5 % loss stays.
    await net.resetFaults();
    for (const h of ['h1', 'h2', 'h3', 'h7', 'h8']) await net.addLoss(h, 5);
    const healMs = await waitConverged(all, BOUND.healMs, 'mixed cluster after heal');
    Object.assign(row, {
      measured: `converged ${secs(convergeMs)} after the first spawn; 30 s of loss: 0 deaths, ${changes(all, 'suspect', t0).length} suspicions; sides see each other dead ${secs(detectMs)} after the cut; one membership ${secs(healMs)} after heal`,
      passed: true,
    });
  }, 400_000);
});
