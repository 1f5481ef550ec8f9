/**
 * A deterministic swim cluster on MemoryNetwork + VirtualClock, shared by the simulation tests
 * and the benchmarks. Everything is seeded: the same seed replays the same run.
 */
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import type {
  Clock,
  LinkConfig,
  Packet,
  Stream,
  TimerHandle,
  Transport,
  TransportHandlers,
} from '@ring/transport';
import { createSwimNode } from '../../src/index.js';
import type { SwimNode, SwimOptions, SwimPreset } from '../../src/index.js';
import { swimInternals } from '../../src/internal.js';

export interface SimOptions {
  readonly n: number;
  readonly seed: number;
  readonly preset?: SwimPreset;
  readonly options?: SwimOptions;
  readonly link?: LinkConfig;
  /** Indices of nodes whose processing can be stalled (see {@link SimCluster.stall}). */
  readonly stallable?: readonly number[];
}

/**
 * A clock + transport wrapper that freezes a node: while stalled, its timers and inbound traffic
 * are held; on resume the overdue timers run first and then the held packets and streams, as a
 * starved Node.js process would (timers phase before I/O).
 */
export class StallGate {
  #stalled = false;
  #lagMs = 0;
  #clock: Clock | undefined;
  readonly #heldTimers: (() => void)[] = [];
  readonly #heldIo: (() => void)[] = [];

  get stalled(): boolean {
    return this.#stalled;
  }

  stall(): void {
    this.#stalled = true;
  }

  resume(): void {
    this.#stalled = false;
    const timers = this.#heldTimers.splice(0);
    for (const t of timers) t();
    const io = this.#heldIo.splice(0);
    for (const f of io) f();
  }

  /**
   * Delay the processing of every inbound packet and stream by `ms` (a node whose message handling
   * lags behind, e.g. CPU-starved); its timers keep running on time. 0 switches it off.
   */
  lag(ms: number): void {
    this.#lagMs = ms;
  }

  wrapClock(clock: Clock): Clock {
    this.#clock = clock;
    return {
      now: () => clock.now(),
      setTimeout: (cb, ms): TimerHandle => {
        let cancelled = false;
        const h = clock.setTimeout(() => {
          if (cancelled) return;
          if (this.#stalled) this.#heldTimers.push(() => !cancelled && cb());
          else cb();
        }, ms);
        return {
          cancel: () => {
            cancelled = true;
            h.cancel();
          },
        };
      },
    };
  }

  wrapTransport(t: Transport, clock: Clock): Transport {
    const io = (f: () => void): void => {
      if (this.#lagMs > 0 && this.#clock !== undefined) {
        this.#clock.setTimeout(f, this.#lagMs);
        return;
      }
      if (this.#stalled) this.#heldIo.push(f);
      else f();
    };
    return {
      get maxPacketSize() {
        return t.maxPacketSize;
      },
      get state() {
        return t.state;
      },
      clock,
      start: (h: TransportHandlers) =>
        t.start({
          onPacket: (p: Packet) => io(() => h.onPacket(p)),
          onStream: (s: Stream) => io(() => h.onStream(s)),
        }),
      localAddress: () => t.localAddress(),
      sendPacket: (to, data) => t.sendPacket(to, data),
      dial: (to, o) => t.dial(to, o),
      close: () => t.close(),
    };
  }
}

export class SimCluster {
  readonly clock: VirtualClock;
  readonly net: MemoryNetwork;
  readonly nodes: SwimNode[] = [];
  readonly gates = new Map<number, StallGate>();
  readonly dead = new Set<number>();

  constructor(readonly opts: SimOptions) {
    this.clock = new VirtualClock(1_700_000_000_000);
    this.net = new MemoryNetwork({
      clock: this.clock,
      seed: opts.seed,
      defaultLink: opts.link ?? { latencyMs: 1, jitterMs: 1 },
    });
    for (let i = 0; i < opts.n; i++) this.nodes.push(this.#make(i));
  }

  #make(i: number): SwimNode {
    const seed = this.opts.seed;
    let transport: Transport = this.net.createTransport();
    let clock: Clock = this.clock;
    if (this.opts.stallable?.includes(i) === true) {
      const gate = new StallGate();
      this.gates.set(i, gate);
      clock = gate.wrapClock(this.clock);
      transport = gate.wrapTransport(transport, clock);
    }
    return createSwimNode({
      name: `node-${i}`,
      transport,
      clock,
      random: createSeededRandom(seed * 100_003 + i),
      preset: this.opts.preset ?? 'lan',
      ...(this.opts.options === undefined ? {} : { options: this.opts.options }),
      resolver: async () => [],
    });
  }

  /** Start every node and join them: node i joins a random earlier node, in order. */
  async startAndJoin(): Promise<void> {
    for (const n of this.nodes) await n.start();
    const r = createSeededRandom(this.opts.seed);
    for (let i = 1; i < this.nodes.length; i++) {
      const seed = this.nodes[r.int(i)]!;
      const p = this.nodes[i]!.join([seed.address]);
      let settled = false;
      void p.finally(() => {
        settled = true;
      });
      await this.clock.runUntilAsync(() => settled, { maxMs: 30_000 });
      await p;
    }
  }

  live(): SwimNode[] {
    return this.nodes.filter((_, i) => !this.dead.has(i));
  }

  /** True when every live node sees exactly the live set as alive/suspect members. */
  converged(): boolean {
    const live = this.live();
    for (const n of live) if (n.numMembers() !== live.length) return false;
    return true;
  }

  /** Crash node i: its transport dies and it stops without saying goodbye. */
  async kill(i: number): Promise<void> {
    const node = this.nodes[i]!;
    this.net.kill(node.address);
    this.dead.add(i);
    await node.shutdown();
  }

  async run(ms: number): Promise<void> {
    await this.clock.advanceAsync(ms);
  }

  /**
   * Advance `ms` in synchronous steps of `stepMs`, letting promises settle between steps. About
   * twice as fast as {@link SimCluster.run} for long runs; stream continuations (push/pull) then
   * resume at step boundaries, i.e. up to `stepMs` later in simulated time.
   */
  async runFast(ms: number, stepMs = 20): Promise<void> {
    const end = this.clock.now() + ms;
    while (this.clock.now() < end) {
      this.clock.advance(Math.min(stepMs, end - this.clock.now()));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Like {@link SimCluster.runFast}, checking `pred` after every step (so it may be O(N)).
   * @returns whether `pred` held before `maxMs` passed.
   */
  async runFastUntil(pred: () => boolean, maxMs: number, stepMs = 20): Promise<boolean> {
    const end = this.clock.now() + maxMs;
    while (!pred()) {
      if (this.clock.now() >= end) return false;
      this.clock.advance(Math.min(stepMs, end - this.clock.now()));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return true;
  }

  /**
   * Start every node, then let all of them join node 0 at once, twice: the first round teaches
   * node 0 everyone, the second hands everyone node 0's full list (big-cluster bootstrap without
   * waiting for N² alive messages to be gossiped).
   */
  async startAndJoinAllAtOnce(maxMs = 120_000): Promise<void> {
    for (const n of this.nodes) await n.start();
    await this.#joinAllToFirst(maxMs);
    await this.#joinAllToFirst(maxMs);
    // Skip the N² re-broadcast storm of a mass join: measurements start from a quiet cluster.
    for (const n of this.nodes) swimInternals(n).discardPendingGossip();
  }

  async #joinAllToFirst(maxMs: number): Promise<void> {
    const seed = this.nodes[0]!.address;
    let pending = this.nodes.length - 1;
    const failures: unknown[] = [];
    for (const n of this.nodes.slice(1)) {
      n.join([seed]).then(
        () => pending--,
        (e: unknown) => {
          pending--;
          failures.push(e);
        },
      );
    }
    await this.runFastUntil(() => pending === 0, maxMs);
    if (pending > 0 || failures.length > 0)
      throw new Error(`bootstrap: ${pending} joins pending, ${failures.length} failed`);
  }

  async runUntil(pred: () => boolean, maxMs: number): Promise<boolean> {
    return this.clock.runUntilAsync(pred, { maxMs });
  }

  async shutdown(): Promise<void> {
    for (const n of this.nodes) await n.shutdown();
  }
}
