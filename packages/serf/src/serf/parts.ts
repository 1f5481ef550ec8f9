/**
 * The parts of a Serf member — membership, user events, queries — built and wired to the member
 * that owns them: its options, clock, logger, event hub, timers and (created after them) its
 * swim node.
 */
import { swimInternals } from '@ring/swim/internal';
import { systemRandom } from '@ring/base';
import type { Clock } from '@ring/base';
import type { Logger, Metrics, SwimNode } from '@ring/swim';
import type { SerfEvent, SerfEventHub } from '../events/events.js';
import { SerfUserEvents } from '../events/user-events.js';
import { SerfMembership } from '../members/membership.js';
import type { ResolvedSerfOptions } from '../options.js';
import { SerfQueries } from '../queries/queries.js';
import type { SerfConfig } from './config.js';
import type { PushPullParts } from './push-pull.js';
import type { SerfTimers } from './timers.js';

/** What the parts need from the member that owns them. */
export interface SerfPartsHost {
  readonly cfg: SerfConfig;
  readonly options: ResolvedSerfOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly hub: SerfEventHub;
  readonly timers: SerfTimers;
  /** The swim node (created after the parts; used only once running). */
  node(): SwimNode;
  /** Our current tags. */
  tags(): Readonly<Record<string, string>>;
  /** True once the member shut down. */
  stopped(): boolean;
  /** Count and log a malformed input. */
  decodeError(err: unknown, from: string): void;
}

/** Build the membership, user-event and query parts of a Serf member. */
export function createSerfParts(host: SerfPartsHost): PushPullParts {
  const { cfg, options, clock, logger, hub } = host;
  const emit = (event: SerfEvent): void => hub.queue(event);
  const membership = new SerfMembership({
    name: cfg.name,
    clock,
    logger,
    metrics: host.metrics,
    broadcast: (raw) => swimInternals(host.node()).queueUserBroadcast(raw),
    emit,
  });
  const userEvents = new SerfUserEvents(
    options,
    clock,
    (event) => hub.queue({ type: 'user', event }),
    (event) => {
      if (host.stopped()) return;
      hub.queue({ type: 'user', event });
      hub.drain();
    },
  );
  const queries = new SerfQueries({
    name: cfg.name,
    options,
    clock,
    random: cfg.random ?? systemRandom,
    logger,
    keyring: cfg.keyring,
    table: membership.table,
    localAddress: () => host.node().address,
    tags: () => host.tags(),
    send: (address, raw) => host.node().sendToAddress(address, raw),
    emit,
    schedule: (fn, ms) => host.timers.schedule(fn, ms),
    decodeError: (err, from) => host.decodeError(err, from),
  });
  return { membership, userEvents, queries };
}
