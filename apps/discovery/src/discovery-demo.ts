import { HttpPool } from './http/http-pool.js';
import { ServiceNode } from './service-node.js';
import { followService } from './http/subscriber.js';

/** Options of {@link runDiscoveryDemo}. */
export interface DiscoveryDemoOptions {
  /** Line sink. */
  readonly write: (line: string) => void;
  /** Give up on any one step after this long (ms). @default 15000 */
  readonly stepTimeoutMs?: number;
}

/** Every list each observer saw, in order, for tests. */
export interface DiscoveryDemoResult {
  /** `client1`'s `peers()` iterator. */
  readonly client1: readonly string[][];
  /** The non-member subscriber. */
  readonly subscriber: readonly string[][];
  /** The groupcache-style pool on client3 (`pool.Set` calls). */
  readonly pool: readonly string[][];
  /** Status lines of the subscriber (connections, failures). */
  readonly subscriberStatus: readonly string[];
}

const SERVICE = 'cache';
const url = (name: string): string => `http://${name}.local:8080`;
const same = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Seed 004 (gopherdiscovery) with Ring, minus the single point of failure: every client is a
 * cluster member, so there is no discovery server to lose. client1..3 register the `cache` service;
 * client1 reads `peers()`; a subscriber outside the cluster follows `/v1/events` of client1; client3
 * feeds a groupcache-style pool. Then client2 cancels, client4 registers, and client1 — the very
 * node the subscriber follows — leaves: the subscriber moves to another member and never sees an
 * empty list. Real sockets on 127.0.0.1 (free ports).
 *
 * @param options - output sink and step timeout.
 */
export async function runDiscoveryDemo(
  options: DiscoveryDemoOptions,
): Promise<DiscoveryDemoResult> {
  const start = Date.now();
  const stepTimeoutMs = options.stepTimeoutMs ?? 15_000;
  const say = (who: string, text: string): void =>
    options.write(
      `[${((Date.now() - start) / 1000).toFixed(2).padStart(6)}s] ${who.padEnd(10)} ${text}`,
    );
  const result = {
    client1: [] as string[][],
    subscriber: [] as string[][],
    pool: [] as string[][],
    subscriberStatus: [] as string[],
  };
  const stop = new AbortController();
  const clients = new Map<string, ServiceNode>();
  const loops: Promise<void>[] = [];

  const waitUntil = async (what: string, predicate: () => boolean): Promise<void> => {
    const deadline = Date.now() + stepTimeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const register = async (name: string): Promise<ServiceNode> => {
    const seeds = [...clients.values()].slice(0, 1).map((c) => c.address);
    const client = await ServiceNode.register({
      name,
      service: SERVICE,
      url: url(name),
      seeds,
      log: (t) => process.stderr.write(t),
    });
    clients.set(name, client);
    say(
      name,
      `registered ${SERVICE} at ${url(name)}${seeds.length > 0 ? ` (joined ${seeds[0]!})` : ''}`,
    );
    return client;
  };
  const allSee = (expected: string[]) => (): boolean =>
    same(result.subscriber.at(-1), expected) &&
    same(result.pool.at(-1), expected) &&
    (!clients.has('client1') || same(result.client1.at(-1), expected));

  options.write(
    `# Ring discovery demo (seed 004): service discovery with no single point of failure`,
  );
  try {
    const client1 = await register('client1');
    loops.push(
      (async () => {
        for await (const peers of client1.peers(stop.signal)) {
          result.client1.push(peers);
          say('client1', `peers() => [${peers.join(', ')}]`);
        }
      })(),
    );
    await register('client2');
    const client3 = await register('client3');
    const three = [url('client1'), url('client2'), url('client3')];
    await waitUntil('client1 to see 3 peers', () => same(result.client1.at(-1), three));

    say(
      'subscriber',
      `not a member; following ${SERVICE} through client1's /v1/events (${client1.httpAddress})`,
    );
    loops.push(
      (async () => {
        const follow = followService({
          service: SERVICE,
          endpoints: [client1.httpAddress],
          signal: stop.signal,
          onStatus: (text) => {
            result.subscriberStatus.push(text);
            say('subscriber', text);
          },
        });
        for await (const peers of follow) {
          result.subscriber.push(peers);
          say('subscriber', `changes => [${peers.join(', ')}]`);
        }
      })(),
    );
    const pool = new HttpPool(url('client3'));
    loops.push(
      (async () => {
        for await (const peers of client3.peers(stop.signal)) {
          pool.set(...peers);
          result.pool.push(peers);
          say(
            'client3',
            `pool.Set(${peers.join(', ')}); "user:42" -> ${pool.pickPeer('user:42') ?? 'self'}`,
          );
        }
      })(),
    );
    await waitUntil('every observer to see 3 peers', allSee(three));

    say('client2', 'cancel() — leaves the cluster');
    await clients.get('client2')!.cancel();
    clients.delete('client2');
    const two = [url('client1'), url('client3')];
    await waitUntil('client2 to disappear everywhere', allSee(two));

    await register('client4');
    const withFour = [url('client1'), url('client3'), url('client4')];
    await waitUntil('client4 to appear everywhere', allSee(withFour));

    say(
      'client1',
      'cancel() — the member the subscriber follows leaves; nobody else depends on it',
    );
    await client1.cancel();
    clients.delete('client1');
    const last = [url('client3'), url('client4')];
    await waitUntil('the subscriber to fail over and see client1 gone', allSee(last));
    const lists = [...result.client1, ...result.subscriber, ...result.pool];
    options.write(
      `done: ${lists.length} peer lists delivered, none empty; the subscriber used ${new Set(result.subscriberStatus.filter((s) => s.startsWith('following')).map((s) => s.slice(10))).size} members' event streams`,
    );
  } finally {
    stop.abort();
    for (const client of clients.values()) await client.cancel();
    await Promise.allSettled(loops);
  }
  return result;
}
