/**
 * A small cluster on MemoryNetwork + VirtualClock with metrics per node and an attacker
 * transport that sends raw datagrams and opens raw streams (issue 19's attacks).
 */
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import type { Stream, Transport } from '@ring/transport';
import { MemoryMetrics, createSwimNode } from '../../src/index.js';
import type { SwimNode, SwimOptions } from '../../src/index.js';
import { MessageType, encodeMessage } from '../../src/wire/index.js';
import type { Keyring } from '../../src/wire/index.js';

export interface HostileCluster {
  /** Error-level log messages per node. */
  readonly errors: string[][];
  readonly clock: VirtualClock;
  readonly net: MemoryNetwork;
  readonly nodes: SwimNode[];
  readonly metrics: MemoryMetrics[];
  readonly attacker: Transport;
  /** Received by the attacker (replies to its pings etc.). */
  readonly received: Uint8Array[];
  run(ms: number): Promise<void>;
  until(pred: () => boolean, maxMs: number): Promise<boolean>;
  /** Every node sees every node alive. */
  healthy(): boolean;
  refusals(i: number, reason: string, transport?: 'udp' | 'tcp'): number;
  sendRaw(to: number, bytes: Uint8Array): Promise<void>;
  dial(to: number): Promise<Stream>;
  shutdown(): Promise<void>;
}

export async function hostileCluster(
  n: number,
  seed: number,
  options: SwimOptions = {},
  keyring?: Keyring,
): Promise<HostileCluster> {
  const clock = new VirtualClock(1_700_000_000_000);
  const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1, jitterMs: 1 } });
  const metrics: MemoryMetrics[] = [];
  const errors: string[][] = [];
  const nodes: SwimNode[] = [];
  for (let i = 0; i < n; i++) {
    const m = new MemoryMetrics();
    metrics.push(m);
    const errs: string[] = [];
    errors.push(errs);
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (o: unknown, msg?: string) => errs.push(msg ?? String(o)),
    };
    nodes.push(
      createSwimNode({
        name: `node-${i}`,
        transport: net.createTransport({ maxPacketSize: 65_536 }),
        clock,
        random: createSeededRandom(seed * 1000 + i),
        metrics: m,
        logger,
        options,
        ...(keyring === undefined ? {} : { keyring }),
        resolver: async () => [],
      }),
    );
  }
  for (const node of nodes) await node.start();
  for (let i = 1; i < n; i++) {
    let settled = false;
    const p = nodes[i]!.join([nodes[0]!.address]).finally(() => (settled = true));
    await clock.runUntilAsync(() => settled, { maxMs: 10_000 });
    await p;
  }
  const attacker = net.createTransport({ address: '10.66.6.6:7946', maxPacketSize: 65_536 });
  const received: Uint8Array[] = [];
  await attacker.start({
    onPacket: (p) => received.push(p.data),
    onStream: (s) => s.close(),
  });
  const run = (ms: number): Promise<void> => clock.advanceAsync(ms);
  const until = (pred: () => boolean, maxMs: number): Promise<boolean> =>
    clock.runUntilAsync(pred, { maxMs });
  const c: HostileCluster = {
    errors,
    clock,
    net,
    nodes,
    metrics,
    attacker,
    received,
    run,
    until,
    healthy: () =>
      nodes.every((node) =>
        nodes.every((o) => node.members().some((m) => m.name === o.name && m.state === 'alive')),
      ),
    refusals: (i, reason, transport = 'udp') =>
      metrics[i]!.counter('ring_swim_refusals_total', { reason, transport }),
    sendRaw: async (to, bytes) => {
      await attacker.sendPacket(nodes[to]!.address, bytes);
    },
    // The memory network delivers on the virtual clock: advance it until the dial settles.
    dial: async (to) => {
      let settled = false;
      const p = attacker.dial(nodes[to]!.address).finally(() => (settled = true));
      await clock.runUntilAsync(() => settled, { maxMs: 10_000 });
      return p;
    },
    shutdown: async () => {
      for (const node of nodes) await node.shutdown();
      await attacker.close();
    },
  };
  await c.until(() => c.healthy(), 30_000);
  return c;
}

/** A suspect message about `node` at `incarnation`, "from" `from`. */
export function suspect(node: string, incarnation: number, from = 'mallory'): Uint8Array {
  return encodeMessage({ type: MessageType.Suspect, body: { node, incarnation, from } });
}

/** A dead message about `node` at `incarnation`. */
export function dead(node: string, incarnation: number, from = 'mallory'): Uint8Array {
  return encodeMessage({ type: MessageType.Dead, body: { node, incarnation, from } });
}

/** An alive message for an invented member at 10.9.x.y:7946. */
export function alive(node: string, incarnation: number, i = 1): Uint8Array {
  return encodeMessage({
    type: MessageType.Alive,
    body: {
      node,
      incarnation,
      addr: Uint8Array.of(10, 9, (i >> 8) & 0xff, i & 0xff),
      port: 7946,
      meta: null,
      vsn: Uint8Array.of(1, 5, 2, 0, 0, 0),
    },
  });
}
