import type { Transport } from '@ring/transport';
import { createSwimNode, encodeTags } from '@ring/swim';
import type { SwimNode } from '@ring/swim';
import { Keyring } from '@ring/swim/wire';
import { createSerf } from '@ring/serf';
import type { Serf } from '@ring/serf';
import type { PrometheusRegistry } from '../metrics/prometheus-registry.js';
import type { RingNodeDeps } from './ring-node-deps.js';

/** The membership layer of a node: a swim member, owned by a Serf layer with `--serf`. */
export interface MembershipLayer {
  readonly swim: SwimNode;
  /** The Serf layer over `swim` with `--serf`, else `undefined`. */
  readonly serf: Serf | undefined;
}

/**
 * Create (not start) the membership layer the config asks for, on `transport`.
 *
 * @param deps - config, clock, logger and timing overrides.
 * @param transport - the (counting) gossip transport.
 * @param registry - where swim and Serf count.
 */
export function createMembershipLayer(
  deps: RingNodeDeps,
  transport: Transport,
  registry: PrometheusRegistry,
): MembershipLayer {
  const { config } = deps;
  const keyring = config.keys.length === 0 ? undefined : new Keyring(config.keys);
  // --serf: the Serf layer owns the swim node (delegate versions, tags, push/pull state).
  const serf = config.serf
    ? createSerf({
        name: config.name,
        transport,
        preset: config.preset,
        tags: config.tags,
        options: { broadcastTimeoutMs: config.leaveTimeoutMs },
        ...(deps.swimOptions === undefined ? {} : { swimOptions: deps.swimOptions }),
        ...(deps.clock === undefined ? {} : { clock: deps.clock }),
        ...(deps.random === undefined ? {} : { random: deps.random }),
        logger: deps.logger,
        metrics: registry,
        ...(config.label === undefined ? {} : { label: config.label }),
        ...(keyring === undefined ? {} : { keyring }),
      })
    : undefined;
  const swim =
    serf?.swim ??
    createSwimNode({
      name: config.name,
      transport,
      preset: config.preset,
      ...(deps.swimOptions === undefined ? {} : { options: deps.swimOptions }),
      ...(deps.clock === undefined ? {} : { clock: deps.clock }),
      ...(deps.random === undefined ? {} : { random: deps.random }),
      logger: deps.logger,
      metrics: registry,
      meta: encodeTags(config.tags),
      ...(config.label === undefined ? {} : { label: config.label }),
      ...(keyring === undefined ? {} : { keyring }),
    });
  return { swim, serf };
}
