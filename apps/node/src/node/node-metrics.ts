import type { PrometheusRegistry } from '../metrics/prometheus-registry.js';

/** Where the node's own gauges read their values. */
export interface NodeGauges {
  /** Members considered alive or suspect, self included. */
  readonly members: () => number;
  /** Lifeguard awareness score. */
  readonly healthScore: () => number;
  /** Partition replicas this node owns. */
  readonly partitionsOwned: () => number;
  /** Partition table epoch. */
  readonly partitionEpoch: () => number;
}

/**
 * Register the node's gauges (`ring_node_*`) with the registry; they are read at each scrape.
 *
 * @param reg - the node's registry.
 * @param gauges - the value sources.
 */
export function collectNodeMetrics(reg: PrometheusRegistry, gauges: NodeGauges): void {
  reg.collect(
    'ring_node_members',
    'Members considered alive or suspect, self included.',
    gauges.members,
  );
  reg.collect(
    'ring_node_health_score',
    'Lifeguard awareness score (0 = healthy).',
    gauges.healthScore,
  );
  reg.collect(
    'ring_node_partitions_owned',
    'Partition replicas this node owns.',
    gauges.partitionsOwned,
  );
  reg.collect('ring_node_partition_epoch', 'Partition table epoch.', gauges.partitionEpoch);
}
