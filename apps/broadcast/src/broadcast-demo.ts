import { createBroadcastChannel } from '@ring/swim';
import type { BroadcastChannel, SwimNode } from '@ring/swim';
import { SimulatedCluster } from '@ring/demo-kit';

/** One application broadcast: seed 001's `key=I am nodeN value=V`. */
export interface DemoMessage {
  readonly key: string;
  readonly value: number;
}

/** Options of {@link runBroadcastDemo}. */
export interface BroadcastDemoOptions {
  /** Line sink. */
  readonly write: (line: string) => void;
  /** Seed of the memory network and the nodes' randomness. @default 1 */
  readonly seed?: number;
  /** Broadcasts per sender (node2 and node3). @default 3 */
  readonly rounds?: number;
  /** Interval between two broadcasts of one sender (ms); the senders are offset by half of it. @default 1000 */
  readonly intervalMs?: number;
}

/** What {@link runBroadcastDemo} returns. */
export interface BroadcastDemoResult {
  /** Every broadcast sent, in order. */
  readonly sent: readonly (DemoMessage & { readonly from: string })[];
  /** Per node, the messages it received (first receipt of each), in arrival order. */
  readonly received: Readonly<Record<string, readonly DemoMessage[]>>;
  /** Receipts of a message a node already had (gossip may deliver one broadcast more than once). */
  readonly duplicates: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Seed 001 with Ring: node1 only receives; node2 and node3 broadcast `key=I am nodeN value=V` on an
 * interval through a broadcast channel piggybacked on swim's gossip. Every node prints what it
 * sends and receives, as a timeline. Runs on an in-memory network with a virtual clock.
 *
 * @param options - output sink, seed, rounds.
 */
export async function runBroadcastDemo(
  options: BroadcastDemoOptions,
): Promise<BroadcastDemoResult> {
  const seed = options.seed ?? 1;
  const rounds = options.rounds ?? 3;
  const intervalMs = options.intervalMs ?? 1000;
  const names = ['node1', 'node2', 'node3'];
  const sim = new SimulatedCluster({ names, seed, write: options.write, columnWidth: 48 });
  const { clock, timeline } = sim;
  const say = (name: string, text: string): void => sim.say(name, text);
  const received: Record<string, DemoMessage[]> = {};
  const seen: Record<string, Set<string>> = {};
  const sent: (DemoMessage & { from: string })[] = [];
  let duplicates = 0;

  const settle = <T>(promise: Promise<T>): Promise<T> => sim.settle(promise);

  options.write('# Ring broadcast demo (seed 001): node1 receives, node2 and node3 broadcast');
  options.write(`# in-memory network, virtual clock, seed ${seed}`);
  timeline.header();
  const nodes: SwimNode[] = [];
  const channels: BroadcastChannel[] = [];
  for (const [i, name] of names.entries()) {
    const { node } = sim.createMember(name, i);
    const channel = createBroadcastChannel(node);
    received[name] = [];
    seen[name] = new Set();
    channel.on('message', (payload: Uint8Array) => {
      const msg = JSON.parse(decoder.decode(payload)) as DemoMessage;
      const id = `${msg.key}/${msg.value}`;
      if (seen[name]!.has(id)) {
        duplicates++;
        return;
      }
      seen[name]!.add(id);
      received[name]!.push(msg);
      say(name, `received broadcast msg: key=${msg.key} value=${msg.value}`);
    });
    await settle(node.start());
    if (i > 0) await settle(node.join([nodes[0]!.localMember.address]));
    nodes.push(node);
    channels.push(channel);
    await clock.advanceAsync(1000);
    say(name, `info: broadcast nodes = ${node.numMembers()}`);
  }

  let value = 0;
  for (let round = 0; round < rounds; round++) {
    for (const sender of [1, 2]) {
      const from = names[sender]!;
      const msg: DemoMessage = { key: `I am ${from}`, value: value++ };
      say(from, `send broadcast msg: key=${msg.key} value=${msg.value}`);
      sent.push({ ...msg, from });
      void channels[sender]!.broadcast(encoder.encode(JSON.stringify(msg)));
      await clock.advanceAsync(intervalMs / 2);
    }
  }
  // Let the last broadcasts finish spreading.
  await clock.advanceAsync(3000);
  timeline.separator();
  const summary = names.map((n) => `${n} received ${received[n]!.length}`).join(', ');
  options.write(
    `sent ${sent.length} broadcasts; ${summary}; duplicate receipts suppressed: ${duplicates}`,
  );
  for (const node of nodes) await settle(node.shutdown());
  return { sent, received, duplicates };
}
