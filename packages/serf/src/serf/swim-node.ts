/**
 * The swim node (memberlist layer) under a Serf member: the Serf protocol version window as the
 * delegate version, tags as node meta, and push/pull user state through the delegate.
 */
import { createSwimNode } from '@ring/swim';
import type { SwimDelegate, SwimNode } from '@ring/swim';
import { SERF_PROTOCOL_MAX, SERF_PROTOCOL_MIN } from '../options.js';
import type { ResolvedSerfOptions } from '../options.js';
import type { SerfConfig } from './config.js';

/** Create the swim node of a Serf member (not started). */
export function createSerfSwimNode(
  cfg: SerfConfig,
  o: ResolvedSerfOptions,
  meta: Uint8Array,
  delegate: SwimDelegate,
): SwimNode {
  return createSwimNode({
    name: cfg.name,
    transport: cfg.transport,
    preset: cfg.preset ?? 'lan',
    options: {
      ...cfg.swimOptions,
      delegateProtocolMin: SERF_PROTOCOL_MIN,
      delegateProtocolMax: SERF_PROTOCOL_MAX,
      delegateProtocolVersion: o.protocolVersion,
    },
    meta,
    ...(cfg.clock === undefined ? {} : { clock: cfg.clock }),
    ...(cfg.random === undefined ? {} : { random: cfg.random }),
    ...(cfg.logger === undefined ? {} : { logger: cfg.logger }),
    ...(cfg.metrics === undefined ? {} : { metrics: cfg.metrics }),
    ...(cfg.keyring === undefined ? {} : { keyring: cfg.keyring }),
    ...(cfg.label === undefined ? {} : { label: cfg.label }),
    delegate,
  });
}
