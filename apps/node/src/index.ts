/**
 * `@ring/node`: the Ring reference node (`ring-node`) as a library — configuration loading, JSON
 * event lines, the HTTP admin API and the node that wires swim, hashring and partitions together.
 *
 * @example
 * ```ts
 * import { RingNode, createLineLogger, createTransportFor, loadConfig } from '@ring/node';
 *
 * const loaded = loadConfig({ argv: ['--name', 'n1', '--bind', '127.0.0.1:0', '--http', '127.0.0.1:0'], env: {}, readFile: () => '', hostname: 'n1' });
 * if (!loaded.help) {
 *   const { config } = loaded;
 *   const logger = createLineLogger({ level: 'info', name: config.name, write: (t) => process.stderr.write(t), now: Date.now });
 *   const node = await RingNode.start({ config, transport: createTransportFor(config), logger });
 *   console.log(node.members(), node.lookup('user:42'));
 *   await node.shutdown();
 * }
 * ```
 *
 * @packageDocumentation
 */
export { NodeError } from './errors.js';
export type { NodeErrorCode } from './errors.js';
export { loadConfig } from './config/node-config.js';
export type {
  ConfigSources,
  LoadedConfig,
  LogLevel,
  NodeConfig,
  Preset,
  TransportKind,
} from './config/node-config.js';
export { helpText } from './config/help.js';
export { parseHostPort, formatHostPort } from './config/host-port.js';
export type { HostPort } from './config/host-port.js';
export { RingNode } from './ring-node.js';
export type { RingNodeDeps } from './ring-node.js';
export { runCli } from './cli.js';
export type { CliIo } from './cli.js';
export { startLocalCluster } from './local-cluster.js';
export type { LocalCluster, LocalClusterOptions } from './local-cluster.js';
export { createTransportFor } from './transport-factory.js';
export { createLineLogger } from './logger.js';
export type { NodeLogger } from './logger.js';
export { formatEventLine, formatEventText } from './events/event-lines.js';
export type { EventLine } from './events/event-lines.js';
export { MembershipTracker } from './events/membership-tracker.js';
export { AdminServer, httpAddressOf } from './http/admin-server.js';
export type { AdminServerOptions } from './http/admin-server.js';
export type {
  AdminNode,
  HealthView,
  LookupView,
  MemberChange,
  MemberView,
  MembershipSubscription,
  PartitionsView,
} from './http/admin-api.js';
export { ExplainRoutes, explainRouteLabel } from './http/explain-routes.js';
export type {
  ExcludedMember,
  ExclusionReason,
  ExplainNode,
  KeyExplainView,
  MemberExplainView,
  RingView,
} from './http/explain-api.js';
export { UiAssets, UI_FILES, packageRoot } from './http/ui-assets.js';
export type { UiAsset } from './http/ui-assets.js';
export { runExplainCli, EXPLAIN_HELP } from './explain-cli.js';
export type { ExplainCliIo } from './explain-cli.js';
export { formatKeyExplanation, formatMemberExplanation } from './explain/format-explain.js';
export { SseParser, formatSse } from './http/sse.js';
export type { SseEvent } from './http/sse.js';
export { PrometheusRegistry } from './metrics/prometheus-registry.js';
export { eligibleMembers } from './placement.js';
export { AsyncQueue } from './util/async-queue.js';
export * from './constants.js';
