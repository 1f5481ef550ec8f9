/**
 * `@ring/node`: the Ring reference node (`ring-node`) as a library — configuration loading, JSON
 * event lines, the HTTP admin API and the node that wires swim, hashring and partitions together.
 *
 * @example
 * ```ts
 * import { loadConfig } from '@ring/node';
 * const loaded = loadConfig({ argv: ['--bind', '127.0.0.1:0'], env: {}, readFile: () => '', hostname: 'n1' });
 * ```
 *
 * @packageDocumentation
 */
export { NodeError } from './errors.js';
export type { NodeErrorCode } from './errors.js';
export { loadConfig } from './config/node-config.js';
export type { ConfigSources, LoadedConfig, LogLevel, NodeConfig, Preset, TransportKind } from './config/node-config.js';
export { helpText } from './config/help.js';
export { parseHostPort, formatHostPort } from './config/host-port.js';
export type { HostPort } from './config/host-port.js';
