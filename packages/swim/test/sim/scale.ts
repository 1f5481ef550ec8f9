/**
 * The large-cluster simulation behind `pnpm --filter @ring/swim sim`: N full members (the real
 * protocol code, the real wire format) on one MemoryNetwork + VirtualClock, measured end to end.
 *
 * Shortcuts the simulator takes (none changes what a member does):
 * - **Bootstrap from a snapshot.** Instead of N joins through one seed (whose push/pull replies
 *   grow from 1 to N entries and whose alive broadcasts make an N² gossip storm), a sim-only peer
 *   answers every push/pull with one pre-encoded state listing all N members (alive, incarnation
 *   1). Each member runs its real `join()` against it: dial, send its own state, decode the reply,
 *   merge it. The peer merges nothing and is removed after the bootstrap, so members see a seed
 *   that went away.
 * - **The bootstrap's re-broadcasts are dropped.** A member that merges a push/pull re-gossips
 *   every member it learned (as memberlist does); right after its join the simulator discards
 *   that queue (`discardPendingGossip`), so measurements start from a quiet, converged cluster.
 *   While it joins, its gossip queue is muted (`muteGossip`): the alive messages it would queue
 *   for the N members it merges are not even encoded (they would be discarded). Every claim is
 *   still applied by the real member table; the end state is the same as queue-then-discard.
 * - **The bootstrap takes no simulated time.** The links to and from the snapshot peer have no
 *   latency and the bootstrap loop advances the clock by 0 ms, so every member has joined at the
 *   instant it started. Otherwise a member whose push/pull stagger ended before its join would
 *   scale its first interval to a cluster of one (30 s, not 300 s at N = 10,000) and exchange N
 *   states early, which a real member that starts and joins at once does not do.
 * - **Virtual time starts at 1 s**, not at a wall-clock epoch: the members' time stamps are then
 *   small integers (one boxed double less per member record).
 * - **Shared immutable values.** All members share one `createInterner()`: equal names,
 *   addresses, metadata and version bytes are one object in memory instead of N copies, and so is
 *   each distinct alive claim, which the member records keep by reference as their identity.
 * - **No explain history.** Members run with `historySize` 0 unless asked (`historySize`): the
 *   history is observability, not protocol; at 0 a member keeps probe counters only for the
 *   members it probed.
 */
import { MemoryNetwork, VirtualClock, createSeededRandom, type Stream } from '@ring/transport';
import { createInterner, createSwimNode } from '../../src/index.js';
import type { Member, SwimNode, SwimOptions } from '../../src/index.js';
import { MessageType, NodeStateType, type PushNodeState } from '../../src/wire/index.js';
import { addressToWire } from '../../src/shell/wire-address.js';
import { createLayers, swimInternals } from '../../src/internal.js';

/** What to simulate. */
export interface ScaleSimOptions {
  /** N. */
  readonly members: number;
  /** Simulated seconds in all, bootstrap included. */
  readonly seconds: number;
  /** Packet loss probability on every link. @default 0 */
  readonly loss?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Members crashed at once for the detection figures. @default clamp(N / 100, 5, 100) */
  readonly crashes?: number;
  /** Crash batches, one after the other (each waits until its victims are dead everywhere). @default 1 */
  readonly crashRounds?: number;
  /** Option overrides for every member (LAN preset otherwise). */
  readonly options?: SwimOptions;
  /**
   * Each member's explain history (`SwimNodeConfig.historySize`). The history is observability,
   * not protocol; at about 230 bytes per entry and one entry per member pair after the bootstrap
   * it would be most of the simulator's memory, so it is off unless asked for. @default 0
   */
  readonly historySize?: number;
  /**
   * Members that join per bootstrap batch. Each join decodes an N-member state (≈ 0.5 kB of
   * short-lived objects per member), and a batch's joins are in flight together: the default keeps
   * a batch's garbage (≈ 50,000 decoded states, ≈ 25 MB) well inside the 64 MiB young generation,
   * so it dies there instead of being promoted and making every old-generation collection walk it
   * (N = 1,000: 6.5 s of CPU with one batch of 1,000, 2.9 s with 100, 1.9 s with 4–25). Smaller
   * batches cost simulated time (≈ 10 ms each), during which the members already joined run.
   * @default clamp(round(50,000 / N), 1, 100)
   */
  readonly joinBatch?: number;
  /** Progress lines (to stderr in the CLI). */
  readonly log?: (line: string) => void;
  /** Called once the bootstrap is done (e.g. to start a profiler on the steady state). */
  readonly afterBootstrap?: () => Promise<void>;
}

/** Mean and 99th percentile of a sample, `null` when empty. */
export interface Stat {
  readonly mean: number | null;
  readonly p99: number | null;
  readonly samples: number;
}

/** One JSON line of the simulator. */
export interface ScaleSimSummary {
  readonly members: number;
  readonly simulatedSeconds: number;
  readonly loss: number;
  readonly seed: number;
  readonly wallSeconds: number;
  /** Process CPU time (user + system, all threads): steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  readonly bootstrapWallSeconds: number;
  /** Process CPU time (user + system) of the bootstrap. */
  readonly bootstrapCpuSeconds: number;
  readonly bootstrapSimulatedSeconds: number;
  /** Peak resident set size of the process (bytes). */
  readonly peakRssBytes: number;
  /** (RSS after the bootstrap − RSS before the members existed) / N². */
  readonly bytesPerMemberPair: number;
  /**
   * (V8 heap in use after the bootstrap − before the members existed) / N², after a full garbage
   * collection when the process runs with `--expose-gc` (the `sim` command does).
   */
  readonly heapBytesPerMemberPair: number;
  /** N × simulated seconds / wall seconds, over the whole run. */
  readonly memberSecondsPerWallSecond: number;
  readonly memberSecondsPerCpuSecond: number;
  /** The same after the bootstrap (steady state with the measurements running). */
  readonly steadyMemberSecondsPerWallSecond: number;
  readonly steadyMemberSecondsPerCpuSecond: number;
  /** Gossip intervals until a metadata update reached 99.99 % / 100 % of the other members. */
  readonly disseminationRounds9999: number | null;
  readonly disseminationRounds100: number | null;
  readonly crashed: number;
  /** Crash → first suspicion anywhere, in probe periods. */
  readonly crashToFirstSuspicion: Stat;
  /** Crash → every live member holds it dead, in probe periods. */
  readonly crashToAllDead: Stat;
  /** Suspicions / dead declarations about members that never crashed (events, all members). */
  readonly falseSuspicions: number;
  readonly falseDeaths: number;
}

const nowMs = (): number => performance.now();

function stat(values: number[]): Stat {
  if (values.length === 0) return { mean: null, p99: null, samples: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const p99 = s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)]!;
  return { mean, p99, samples: s.length };
}

/** The address of member i: 10.x.y.z:7946, fixed before it starts (the snapshot lists it). */
const simAddress = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:7946`;

/** A sim-only peer that answers every push/pull with the same pre-encoded state. */
function snapshotBytes(
  template: Member,
  members: readonly { name: string; address: string }[],
): Uint8Array {
  const m = template;
  const states: PushNodeState[] = members.map((x) => {
    const w = addressToWire(x.address);
    return {
      name: x.name,
      addr: w.ip,
      port: w.port,
      meta: m.meta,
      incarnation: m.incarnation,
      state: NodeStateType.Alive,
      vsn: Uint8Array.of(
        m.protocol.min,
        m.protocol.max,
        m.protocol.cur,
        m.delegate.min,
        m.delegate.max,
        m.delegate.cur,
      ),
    };
  });
  // Uncompressed (a member accepts either): N members would otherwise each LZW-decompress it.
  const layers = createLayers({ compression: false });
  return layers.stream.encode(
    {
      type: MessageType.PushPull,
      body: { join: false, nodes: states, userState: new Uint8Array(0) },
    },
    false,
  );
}

async function serveSnapshot(stream: Stream, bytes: Uint8Array): Promise<number> {
  try {
    await stream.write(bytes);
    await stream.end();
    // Drain the joiner's own state until it closes.
    let received = 0;
    for await (const chunk of stream) received += chunk.length;
    return received;
  } catch {
    return 0; // the joiner went away; nothing to do
  } finally {
    stream.close();
  }
}

/**
 * Run the simulation and return its summary.
 *
 * @param o - what to simulate.
 */
export async function runScaleSim(o: ScaleSimOptions): Promise<ScaleSimSummary> {
  const log = o.log ?? ((): void => undefined);
  const seed = o.seed ?? 1;
  const loss = o.loss ?? 0;
  const n = o.members;
  const wall0 = nowMs();
  const cpu0 = process.cpuUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  // Virtual time starts near 0 so that times kept per member record (state-change stamps) stay
  // small integers, which V8 stores inline instead of as a 16-byte heap number per record.
  const clock = new VirtualClock(1_000);
  const t0 = clock.now();
  const net = new MemoryNetwork({
    clock,
    seed,
    defaultLink: { latencyMs: 1, jitterMs: 1, loss },
  });
  const interner = createInterner();
  const nodes: SwimNode[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(
      createSwimNode({
        name: `node-${i}`,
        transport: net.createTransport({ address: simAddress(i) }),
        clock,
        random: createSeededRandom(seed * 100_003 + i),
        preset: 'lan',
        ...(o.options === undefined ? {} : { options: o.options }),
        resolver: async () => [],
        interner,
        historySize: o.historySize ?? 0,
      }),
    );
  }
  for (const node of nodes) await node.start();
  const probeMs = nodes[0]!.options.probeIntervalMs;
  const gossipMs = nodes[0]!.options.gossipIntervalMs;

  // Bootstrap: every member joins the snapshot peer, in batches.
  const bytes = snapshotBytes(
    nodes[0]!.localMember,
    nodes.map((node, i) => ({ name: node.name, address: simAddress(i) })),
  );
  const seedTransport = net.createTransport({ address: '192.168.0.1:7946' });
  await seedTransport.start({
    onPacket: () => undefined,
    onStream: (s) => void serveSnapshot(s, bytes),
  });
  const seedAddress = seedTransport.localAddress();
  // The links to and from the snapshot peer have no latency, so the joins take no simulated time
  // (the loop below advances the clock by 0 ms): a member whose push/pull stagger (< 30 s from
  // its start) ends before it joined scales its first interval to a cluster of one (30 s instead
  // of 300 s at N = 10,000) and then exchanges N states early.
  const addresses = nodes.map((_, i) => simAddress(i));
  net.setLink(addresses, seedAddress, { latencyMs: 0, jitterMs: 0 });
  net.setLink(seedAddress, addresses, { latencyMs: 0, jitterMs: 0 });
  const batch = o.joinBatch ?? Math.max(1, Math.min(100, Math.round(50_000 / n)));
  for (let from = 0; from < n; from += batch) {
    const group = nodes.slice(from, from + batch);
    let pending = group.length;
    const failures: unknown[] = [];
    for (const node of group) {
      swimInternals(node).muteGossip(true);
      node.join([seedAddress]).then(
        () => pending--,
        (e: unknown) => {
          pending--;
          failures.push(e);
        },
      );
    }
    while (pending > 0) {
      clock.advance(0);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (failures.length > 0)
      throw new Error(`bootstrap: ${failures.length} joins failed: ${String(failures[0])}`);
    for (const node of group) {
      swimInternals(node).muteGossip(false);
      swimInternals(node).discardPendingGossip();
    }
    if ((from / batch) % 10 === 0)
      log(
        `joined ${from + group.length}/${n}, wall ${((nowMs() - wall0) / 1000).toFixed(1)} s, rss ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB`,
      );
  }
  await seedTransport.close();
  for (const node of nodes)
    if (node.numMembers() !== n)
      throw new Error(`${node.name} sees ${node.numMembers()} members after the bootstrap`);
  const bootstrapWallSeconds = (nowMs() - wall0) / 1000;
  const cpuBoot = process.cpuUsage(cpu0);
  const bootstrapCpuSeconds = (cpuBoot.user + cpuBoot.system) / 1e6;
  const bootstrapSimulatedSeconds = (clock.now() - t0) / 1000;
  gc?.();
  const rssBoot = process.memoryUsage().rss;
  const heapBoot = process.memoryUsage().heapUsed;
  log(
    `bootstrap done: ${bootstrapWallSeconds.toFixed(1)} s wall, ${bootstrapSimulatedSeconds.toFixed(1)} s simulated`,
  );
  await o.afterBootstrap?.();
  const cpuSteady0 = process.cpuUsage();
  const steadyCpu = (): number => {
    const c = process.cpuUsage(cpuSteady0);
    return (c.user + c.system) / 1e6;
  };
  const wallSteady = nowMs();
  const simSteady = clock.now();
  const end = t0 + o.seconds * 1000;

  // False positives: any suspicion or death about a member that was never crashed.
  const victims = new Set<string>();
  let falseSuspicions = 0;
  let falseDeaths = 0;
  const crashedAt = new Map<string, number>();
  const firstSuspicion = new Map<string, number>();
  const deadCount = new Map<string, number>();
  const allDead = new Map<string, number>();
  let live = n;

  const step = async (untilMs: number, done: () => boolean = () => false): Promise<void> => {
    let lastLog = nowMs();
    while (clock.now() < untilMs && !done()) {
      clock.advance(Math.min(20, untilMs - clock.now()));
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (nowMs() - lastLog > 10_000) {
        lastLog = nowMs();
        log(
          `t = ${((clock.now() - t0) / 1000).toFixed(1)} s simulated, wall ${((nowMs() - wall0) / 1000).toFixed(1)} s, rss ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB, false suspicions ${falseSuspicions}, false deaths ${falseDeaths}`,
        );
      }
    }
  };

  const onSuspect = (m: Member): void => {
    if (!victims.has(m.name)) falseSuspicions++;
    else if (!firstSuspicion.has(m.name)) firstSuspicion.set(m.name, clock.now());
  };
  const onLeave = (m: Member): void => {
    if (m.state !== 'dead') return;
    if (!victims.has(m.name)) {
      falseDeaths++;
      return;
    }
    const c = (deadCount.get(m.name) ?? 0) + 1;
    deadCount.set(m.name, c);
    if (c === live) allDead.set(m.name, clock.now());
  };
  for (const node of nodes) node.on('suspect', onSuspect).on('leave', onLeave);

  // Dissemination of one metadata update.
  await step(Math.min(end, clock.now() + 2_000));
  let rounds9999: number | null = null;
  let rounds100: number | null = null;
  if (clock.now() < end && n > 1) {
    const origin = nodes[1]!;
    let reached = 0;
    const others = n - 1;
    const need9999 = Math.ceil(0.9999 * others);
    const onUpdate = (m: Member): void => {
      if (m.name === origin.name) reached++;
    };
    for (const node of nodes) if (node !== origin) node.on('update', onUpdate);
    const tu = clock.now();
    await origin.updateMeta(Uint8Array.of(1, 2, 3));
    await step(Math.min(end, tu + 60_000), () => {
      if (rounds9999 === null && reached >= need9999) rounds9999 = (clock.now() - tu) / gossipMs;
      return reached >= others;
    });
    if (reached >= others) rounds100 = (clock.now() - tu) / gossipMs;
    if (rounds9999 === null && reached >= need9999) rounds9999 = (clock.now() - tu) / gossipMs;
    for (const node of nodes) node.off('update', onUpdate);
    log(
      `dissemination: ${reached}/${others} reached, rounds 99.99 % ${String(rounds9999)}, 100 % ${String(rounds100)}`,
    );
  }

  // Crash rounds: each crashes a batch at once (never the update's origin or member 0) and waits
  // until every survivor holds every victim dead.
  const crashes = Math.min(n - 2, o.crashes ?? Math.max(5, Math.min(100, Math.round(n / 100))));
  const random = createSeededRandom(seed + 7);
  for (let round = 0; round < (o.crashRounds ?? 1); round++) {
    if (clock.now() >= end || crashes <= 0 || live - crashes < 2) break;
    await step(Math.min(end, clock.now() + 2_000));
    const batch: string[] = [];
    while (batch.length < crashes) {
      const name = `node-${2 + random.int(n - 2)}`;
      if (!victims.has(name)) {
        victims.add(name);
        batch.push(name);
      }
    }
    live -= crashes;
    for (const name of batch) {
      const node = nodes[Number(name.slice(5))]!;
      crashedAt.set(name, clock.now());
      net.kill(node.address);
      await node.shutdown();
    }
    // Lifeguard's health scores while the batch is detected: a raised score stretches that
    // member's probe interval (and so the time until someone probes a victim).
    let raisedSum = 0;
    let raisedSamples = 0;
    await step(end, () => {
      if (batch.some((v) => !firstSuspicion.has(v))) {
        let raised = 0;
        for (const node of nodes) if (node.state === 'running' && node.healthScore > 0) raised++;
        raisedSum += raised;
        raisedSamples++;
      }
      return batch.every((v) => allDead.has(v));
    });
    const firsts = batch
      .filter((v) => firstSuspicion.has(v))
      .map((v) => ((firstSuspicion.get(v)! - crashedAt.get(v)!) / probeMs).toFixed(3));
    log(
      `crash round ${round + 1}: ${firsts.length}/${crashes} suspected, ${batch.filter((v) => allDead.has(v)).length}/${crashes} dead everywhere; first suspicion after [${firsts.join(', ')}] probe periods; members with a raised health score until then: ${(raisedSum / Math.max(1, raisedSamples)).toFixed(1)} on average`,
    );
  }
  await step(end);
  const wallSeconds = (nowMs() - wall0) / 1000;
  const steadyWall = (nowMs() - wallSteady) / 1000;
  const simSeconds = (clock.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const periods = (m: Map<string, number>): number[] =>
    [...m].map(([name, t]) => (t - crashedAt.get(name)!) / probeMs);
  for (const node of nodes) await node.shutdown();
  return {
    members: n,
    simulatedSeconds: simSeconds,
    loss,
    seed,
    wallSeconds,
    cpuSeconds,
    bootstrapWallSeconds,
    bootstrapCpuSeconds,
    bootstrapSimulatedSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    bytesPerMemberPair: (rssBoot - rss0) / (n * n),
    heapBytesPerMemberPair: (heapBoot - heap0) / (n * n),
    memberSecondsPerWallSecond: (n * simSeconds) / wallSeconds,
    memberSecondsPerCpuSecond: (n * simSeconds) / cpuSeconds,
    steadyMemberSecondsPerWallSecond:
      steadyWall > 0 ? (n * (clock.now() - simSteady)) / 1000 / steadyWall : 0,
    steadyMemberSecondsPerCpuSecond: (n * (clock.now() - simSteady)) / 1000 / steadyCpu(),
    disseminationRounds9999: rounds9999,
    disseminationRounds100: rounds100,
    crashed: victims.size,
    crashToFirstSuspicion: stat(periods(firstSuspicion)),
    crashToAllDead: stat(periods(allDead)),
    falseSuspicions,
    falseDeaths,
  };
}
