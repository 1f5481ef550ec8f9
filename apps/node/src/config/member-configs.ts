import { NodeError } from '../errors.js';
import { formatHostPort, parseHostPort } from './host-port.js';
import type { NodeConfig } from './node-config.js';

/**
 * Shift an address's port by `offset`; port 0 (any free port) stays 0.
 *
 * @throws NodeError `ERR_USAGE` when the shifted port passes 65535.
 */
function shifted(address: string, offset: number, flag: string, members: number): string {
  const { host, port } = parseHostPort(address, `--${flag}`);
  if (port === 0) return address;
  if (port + offset > 65_535)
    throw new NodeError(
      'ERR_USAGE',
      `--members: ${members} members from --${flag} port ${port} need ports up to ${port + members - 1} (max 65535)`,
    );
  return formatHostPort(host, port + offset);
}

/**
 * The configuration of member `index` (1-based) of a `ring-node --members K` process: named
 * `NAME-index`, with the gossip, advertise and HTTP ports of `config` shifted by `index - 1`
 * (port 0 stays "any free port"). Member 1 joins `config.join`; every other member joins member 1
 * (`firstAddress`) and then the same seeds, so one process forms one cluster with them.
 *
 * @param config - the validated configuration with `members = K`.
 * @param index - 1..K.
 * @param firstAddress - member 1's gossip address once it runs; unused for member 1.
 * @throws NodeError `ERR_USAGE` when a shifted port passes 65535.
 */
export function memberConfig(config: NodeConfig, index: number, firstAddress?: string): NodeConfig {
  if (config.members === 1) return config;
  const offset = index - 1;
  const k = config.members;
  const join =
    index === 1 || firstAddress === undefined ? config.join : [firstAddress, ...config.join];
  return Object.freeze({
    ...config,
    name: `${config.name}-${index}`,
    bind: shifted(config.bind, offset, 'bind', k),
    advertise:
      config.advertise === undefined
        ? undefined
        : shifted(config.advertise, offset, 'advertise', k),
    http: config.http === undefined ? undefined : shifted(config.http, offset, 'http', k),
    httpAdvertise:
      config.httpAdvertise === undefined
        ? undefined
        : shifted(config.httpAdvertise, offset, 'http-advertise', k),
    join: Object.freeze([...join]),
    members: 1,
  });
}
