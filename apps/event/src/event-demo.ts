import type { Member, SwimNode } from '@ring/swim';
import { SimulatedCluster } from '@ring/demo-kit';
import { KeyPlacer } from './key-placer.js';

/** The keys every demo node may search, in the order the final summary lists them. */
export const DEMO_KEYS = ['hello', 'world', 'foo', 'bar'] as const;

/** Which keys each node searches after every membership change (as in seed 000). */
export const SEARCHES: Readonly<Record<string, readonly string[]>> = {
  node1: ['hello', 'world'],
  node2: ['foo', 'bar'],
  node3: ['foo', 'world'],
};

/** Options of {@link runEventDemo}. */
export interface EventDemoOptions {
  /** Line sink (stdout in `main.ts`). */
  readonly write: (line: string) => void;
  /** Seed of the memory network and the nodes' randomness. @default 1 */
  readonly seed?: number;
  /** Virtual time between one node starting and the next (ms). @default 3000 */
  readonly stepMs?: number;
}

/** Final placement of one key, as observed by node1 (which sees every join). */
export interface KeyHistory {
  readonly key: string;
  /** Owners over time, first placement first, consecutive duplicates removed. */
  readonly owners: readonly string[];
  /** Number of times the owner changed (`owners.length - 1`). */
  readonly moves: number;
}

/** What {@link runEventDemo} returns, for tests and the summary. */
export interface EventDemoResult {
  /** Gossip address of each node. */
  readonly addresses: Readonly<Record<string, string>>;
  /** Final owner history of every key in {@link DEMO_KEYS}. */
  readonly keys: readonly KeyHistory[];
}

/**
 * Seed 000 with Ring: node1, node2 and node3 start one after the other on an in-memory network
 * driven by a virtual clock (deterministic for a seed); node2 and node3 join node1. Each node keeps
 * a consistent-hash ring built from membership events and, after every change, prints
 * `current node size: N` and where its keys land. At the end: how often each key moved.
 *
 * @param options - output sink and seed.
 */
export async function runEventDemo(options: EventDemoOptions): Promise<EventDemoResult> {
  const seed = options.seed ?? 1;
  const stepMs = options.stepMs ?? 3000;
  const names = ['node1', 'node2', 'node3'];
  const sim = new SimulatedCluster({ names, seed, write: options.write });
  const { clock, timeline } = sim;
  const say = (name: string, text: string): void => sim.say(name, text);
  const addresses: Record<string, string> = {};
  const histories = new Map<string, string[]>(DEMO_KEYS.map((k) => [k, []]));
  const nodes: SwimNode[] = [];

  const observe = (placer: KeyPlacer): void => {
    for (const key of DEMO_KEYS) {
      const owners = histories.get(key)!;
      const owner = placer.search(key);
      if (owners.at(-1) !== owner) owners.push(owner);
    }
  };

  const settle = <T>(promise: Promise<T>): Promise<T> => sim.settle(promise);

  options.write('# Ring event demo (seed 000): consistent hashing over membership events');
  options.write(`# in-memory network, virtual clock, seed ${seed}`);
  timeline.header();
  for (const [i, name] of names.entries()) {
    const { node, transport } = sim.createMember(name, i);
    nodes.push(node);
    await settle(node.start());
    const self = transport.localAddress();
    addresses[name] = self;
    const placer = new KeyPlacer(self);
    let reportQueued = false;
    const report = (): void => {
      reportQueued = false;
      say(name, `current node size: ${placer.size}`);
      for (const key of SEARCHES[name] ?? [])
        say(name, `${name} search ${key} => ${placer.search(key)}`);
      if (name === 'node1') observe(placer);
    };
    // Membership events arrive in bursts (a join's push/pull brings several members at once): print
    // every join, then one report once the burst is over.
    const queueReport = (): void => {
      if (reportQueued) return;
      reportQueued = true;
      queueMicrotask(report);
    };
    node.on('join', (m: Member) => {
      if (m.name === name) return;
      say(name, `join ${m.address}`);
      placer.join(m.address);
      queueReport();
    });
    node.on('leave', (m: Member) => {
      if (m.name === name) return;
      say(name, `leave ${m.address}`);
      placer.leave(m.address);
      queueReport();
    });
    if (i > 0) {
      await settle(node.join([addresses.node1!]));
    } else {
      report();
    }
    // Let gossip spread the news before the next node starts.
    await clock.advanceAsync(stepMs);
    timeline.separator();
  }

  const keys: KeyHistory[] = DEMO_KEYS.map((key) => {
    const owners = histories.get(key)!;
    return { key, owners, moves: owners.length - 1 };
  });
  options.write('');
  options.write('finally (as node1 saw it):');
  for (const k of keys) {
    options.write(
      `${k.key.padEnd(5)} => ${k.owners.at(-1)!} (moved ${k.moves} time${k.moves === 1 ? '' : 's'}: ${k.owners.join(' -> ')})`,
    );
  }
  for (const node of nodes) await settle(node.shutdown());
  return { addresses, keys };
}
