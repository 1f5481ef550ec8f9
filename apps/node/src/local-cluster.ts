/**
 * The main job (`pnpm start` at the repository root): a local 3-node cluster of ring-node on
 * loopback. Prints the members and a few key lookups, then keeps running — with every node's HTTP
 * admin API up — until Ctrl-C, when each node leaves gracefully.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopbackArgs } from './config/loopback-args.js';
import { loadConfig } from './config/node-config.js';
import type { NodeConfig } from './config/node-config.js';
import { formatEventText } from './events/event-lines.js';
import { createLineLogger } from './cli/logger.js';
import { RingNode } from './node/ring-node.js';
import { createTransportFor } from './node/transport-factory.js';

/** Keys looked up after the cluster has formed. */
export const DEMO_KEYS = ['user:42', 'cart:7', 'session:abc', 'hello', 'world'] as const;

/** Options of {@link startLocalCluster}. */
export interface LocalClusterOptions {
  /** Number of nodes. @default 3 */
  readonly size?: number;
  /** Output sink (stdout). */
  readonly write: (text: string) => void;
  /** Log sink (stderr); logs below `warn` are dropped. */
  readonly log: (text: string) => void;
  /** Give up waiting for the cluster to converge after this long (ms). @default 15000 */
  readonly convergeTimeoutMs?: number;
}

/** A running local cluster. */
export interface LocalCluster {
  readonly nodes: readonly RingNode[];
  /** Every node leaves gracefully and shuts down. */
  stop(): Promise<void>;
}

function configFor(name: string, join: readonly string[]): NodeConfig {
  const argv = loopbackArgs(name, '--preset', 'local', '--partitions', '16', '--redundancy', '2');
  for (const seed of join) argv.push('--join', seed);
  const loaded = loadConfig({ argv, env: {}, readFile: () => '', hostname: name });
  if (loaded.help) throw new Error('unreachable');
  return loaded.config;
}

/**
 * Start `size` ring-nodes on 127.0.0.1 (free ports), join them to the first, wait until every node
 * sees all of them, and print members and lookups.
 *
 * @param options - size and sinks.
 * @throws when the cluster does not converge in time (the nodes are stopped first).
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const size = options.size ?? 3;
  const { write } = options;
  const nodes: RingNode[] = [];
  let live = false;
  // Newest first: each leave is gossiped to members that are still up, so none waits out its timeout.
  const stop = async (): Promise<void> => {
    for (const node of [...nodes].reverse()) await node.shutdown();
  };
  try {
    for (let i = 1; i <= size; i++) {
      const name = `node-${i}`;
      const config = configFor(name, nodes.length === 0 ? [] : [nodes[0]!.address]);
      const logger = createLineLogger({
        level: 'warn',
        name,
        write: options.log,
        now: () => Date.now(),
      });
      nodes.push(
        await RingNode.start({
          config,
          transport: createTransportFor(config),
          logger,
          onEvent: (line) => {
            // Once the cluster is up, node-1 narrates membership changes.
            if (!live || name !== 'node-1') return;
            const text = formatEventText(line);
            if (text !== undefined && line.event !== 'config') write(`[node-1] ${text}`);
          },
        }),
      );
    }
    const deadline = Date.now() + (options.convergeTimeoutMs ?? 15_000);
    while (!nodes.every((n) => n.members().length === size)) {
      if (Date.now() > deadline) throw new Error(`cluster did not converge to ${size} members`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  write(`Ring local cluster: ${size} ring-node members on loopback\n\n`);
  write('members (as node-1 sees them):\n');
  for (const m of nodes[0]!.members()) {
    const http = nodes.find((n) => n.name === m.name)?.httpAddress ?? '-';
    write(
      `  ${m.name.padEnd(8)} gossip ${m.address.padEnd(22)} http ${http.padEnd(22)} ${m.state}\n`,
    );
  }
  write('\nkey lookups (consistent-hash owner; partition -> owners):\n');
  for (const key of DEMO_KEYS) {
    const l = nodes[0]!.lookup(key);
    write(
      `  ${key.padEnd(12)} -> ${(l.owner?.name ?? '(none)').padEnd(8)} partition ${String(l.partition).padStart(2)} -> ${l.partitionOwners.join(', ')}\n`,
    );
  }
  const api = `http://${nodes[0]!.httpAddress!}`;
  write('\ntry:\n');
  write(`  curl ${api}/v1/members\n`);
  write(`  curl '${api}/v1/lookup?key=user:42'\n`);
  write(`  curl -X PUT --data hello ${api}/v1/kv/greeting   # forwarded to the key's owner\n`);
  write(`  curl -N ${api}/v1/events                          # membership as Server-Sent Events\n`);
  write(`  ${api}/ui/   (open in a browser: the live dashboard)\n`);
  write('\nrunning; Ctrl-C to stop (every node leaves gracefully)\n');
  live = true;
  return { nodes, stop };
}

async function main(): Promise<void> {
  const cluster = await startLocalCluster({
    write: (t) => process.stdout.write(t),
    log: (t) => process.stderr.write(t),
  });
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write('\nleaving...\n');
    void cluster.stop().then(() => {
      process.stdout.write('all nodes left\n');
      process.exitCode = 0;
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await main();
}
