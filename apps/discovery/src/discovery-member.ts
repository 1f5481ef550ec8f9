import { encodeTags } from '@ring/swim';
import type { SwimNode } from '@ring/swim';
import { leaveAndShutdown, startSwimMember } from '@ring/demo-kit';
import type { HostPort, MemberSettings, ProgramContext } from '@ring/demo-kit';
import { startCacheServer } from './http/cache-server.js';
import { HttpPool } from './http/http-pool.js';
import { ServiceDirectory } from './directory/service-directory.js';

/** Options of {@link runDiscoveryMember}. */
export interface DiscoveryMemberOptions extends MemberSettings {
  /** Where the HTTP cache server listens. */
  readonly http: HostPort;
  /** The service this instance provides and follows. */
  readonly service: string;
  /** Keys whose owner is printed after every change. */
  readonly keys: readonly string[];
}

/**
 * Seed 004 as one process, without gopherdiscovery's single point of failure: a service instance
 * that is itself a cluster member (tags `service` and `url`), with a groupcache-style HTTP pool
 * fed from `peers()`. It prints `peers() => [...]`, its subscriber's `changes() => [...]` and
 * which instance owns each key, on every change; `GET /cache/KEY` on any instance is answered by
 * the key's owner.
 *
 * @param options - member settings, HTTP address, service, keys.
 * @param context - output and the stop signal.
 * @throws DemoError `ERR_BIND` (gossip or HTTP port) / `ERR_JOIN_FAILED` when it cannot start.
 */
export async function runDiscoveryMember(
  options: DiscoveryMemberOptions,
  context: ProgramContext,
): Promise<void> {
  const { out } = context;
  let directory: ServiceDirectory | undefined;
  const nameOf = (url: string): string =>
    url === server.url ? options.name : (directory?.nameOf(url) ?? url);
  // The pool needs this instance's URL, known once the HTTP server listens.
  let pool: HttpPool | undefined = undefined;
  const server = await startCacheServer({
    name: options.name,
    bind: options.http,
    pickPeer: (key) => pool?.pickPeer(key),
    peers: () => pool?.peers() ?? [],
    nameOf,
    log: out,
  });
  const ownPool = new HttpPool(server.url);
  pool = ownPool;
  let node: SwimNode;
  try {
    node = await startSwimMember({
      ...options,
      meta: encodeTags({ service: options.service, url: server.url }),
      attach: (n) => {
        directory = new ServiceDirectory(n, options.service);
      },
      onStarted: (n) => {
        out(`listening on ${n.address} as ${options.name}`);
        out(
          `serving ${options.service} on ${server.url} (try: curl -i ${server.url}/cache/${options.keys[0] ?? 'KEY'})`,
        );
      },
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const stop = new AbortController();
  const owners = new Map<string, string>();
  // The seed's groupcache loop: every peer list goes into the pool.
  const feedPool = (async () => {
    for await (const peers of directory!.peers(stop.signal)) {
      out(`peers() => [${peers.join(', ')}]`);
      ownPool.set(...peers);
      for (const key of options.keys) {
        const owner = ownPool.pickPeer(key) ?? server.url;
        const before = owners.get(key);
        owners.set(key, owner);
        const moved =
          before !== undefined && before !== owner ? ` (moved from ${nameOf(before)})` : '';
        out(`  ${key} => ${nameOf(owner)} ${owner}${moved}`);
      }
    }
  })();
  const subscriber = (async () => {
    for await (const change of directory!.changes(stop.signal)) {
      const what = [
        ...change.joined.map((n) => `+${n}`),
        ...change.gone.map((g) => `-${g.name} ${g.how}`),
      ];
      const names = change.providers.map((p) => p.name).sort();
      out(`changes() => [${names.join(', ')}] (${what.join(', ')})`);
    }
  })();
  const why = await context.stopRequested;
  out(`${why}: leaving the cluster`);
  stop.abort();
  directory!.close();
  await Promise.all([feedPool, subscriber]);
  await leaveAndShutdown(node);
  await server.close();
}
