import { formatAddress, isIPv4, isIPv6 } from '../address.js';
import { type Clock, systemClock } from '@ring/base';
import {
  DEFAULT_BIND_ADDRESS,
  DEFAULT_BIND_PORT,
  DEFAULT_BIND_RETRIES,
  DEFAULT_DIAL_TIMEOUT_MS,
  DEFAULT_PACKET_CONNECTION_IDLE_MS,
  DEFAULT_STREAM_HIGH_WATER_MARK,
} from '../constants.js';
import { TransportError } from '../errors.js';
import { DEFAULT_MAX_PACKET_SIZE } from '../transport.js';
import { systemResolver, type HostResolver } from './resolve-host.js';

/** Options of `createUdpTransport` and `createTcpTransport`. */
export interface NodeTransportOptions {
  /**
   * IP address to bind (`0.0.0.0`, `::`, `127.0.0.1`, `::1`, …). Host names are not accepted here.
   * @defaultValue '0.0.0.0'
   */
  readonly bindAddress?: string;
  /**
   * Port to bind; 0 picks a free one (see `localAddress()` for the real port).
   * @defaultValue 7946
   */
  readonly bindPort?: number;
  /**
   * Address advertised to peers (IP or name). Default: the bind address; for `0.0.0.0`/`::`, the
   * first non-internal interface address of that family, else the loopback address.
   */
  readonly advertiseAddress?: string;
  /** Port advertised to peers. Default: the bound port. */
  readonly advertisePort?: number;
  /**
   * Largest packet accepted by `sendPacket`, in bytes.
   * @defaultValue 1400
   */
  readonly maxPacketSize?: number;
  /**
   * Default dial timeout (ms), covering name resolution and the TCP handshake.
   * @defaultValue 10000
   */
  readonly dialTimeoutMs?: number;
  /**
   * Clock for timestamps and timeouts.
   * @defaultValue systemClock
   */
  readonly clock?: Clock;
  /**
   * Name resolution for destinations given as host names.
   * @defaultValue systemResolver (dns.lookup)
   */
  readonly resolver?: HostResolver;
  /**
   * `unref()` every socket, so an idle transport never keeps the process alive. Set `false` when
   * the transport is the only thing your process waits on.
   * @defaultValue true
   */
  readonly unref?: boolean;
  /**
   * Bytes a stream buffers for a slow reader before pausing the socket.
   * @defaultValue 262144
   */
  readonly streamHighWaterMark?: number;
  /**
   * How often binding is retried when port 0 yields a TCP port whose UDP twin is taken (UDP+TCP only).
   * @defaultValue 10
   */
  readonly bindRetries?: number;
  /**
   * Idle pooled packet connections are closed after this long, in ms (TCP-only).
   * @defaultValue 60000
   */
  readonly idleTimeoutMs?: number;
}

/**
 * {@link NodeTransportOptions} with defaults applied and validated; fields mean the same, plus
 * `family`, derived from `bindAddress`.
 */
export interface ResolvedNodeTransportOptions {
  /** Bind IP without brackets. */
  readonly bindAddress: string;
  readonly bindPort: number;
  /** IP family of the sockets: 4, or 6 (which also reaches IPv4 peers when bound to `::`). */
  readonly family: 4 | 6;
  readonly advertiseAddress: string | undefined;
  readonly advertisePort: number | undefined;
  readonly maxPacketSize: number;
  readonly dialTimeoutMs: number;
  readonly clock: Clock;
  readonly resolver: HostResolver;
  readonly unref: boolean;
  readonly streamHighWaterMark: number;
  readonly bindRetries: number;
  readonly idleTimeoutMs: number;
}

function bad(message: string): TransportError {
  return new TransportError('ERR_INVALID_OPTION', message);
}

function checkPort(name: string, port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw bad(`${name} must be an integer in [0, 65535], got ${String(port)}`);
  return port;
}

function checkPositive(name: string, value: number, integer: boolean): number {
  if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) {
    throw bad(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

/**
 * Apply defaults to {@link NodeTransportOptions}, validate, and freeze.
 *
 * @throws TransportError `ERR_INVALID_OPTION` for out-of-range values, `ERR_INVALID_ADDRESS` for a
 *   bind address that is not an IP, or an advertise address that is malformed.
 */
export function resolveNodeTransportOptions(
  options: NodeTransportOptions = {},
): ResolvedNodeTransportOptions {
  const rawBind = options.bindAddress ?? DEFAULT_BIND_ADDRESS;
  const bindAddress =
    rawBind.startsWith('[') && rawBind.endsWith(']') ? rawBind.slice(1, -1) : rawBind;
  let family: 4 | 6;
  if (isIPv4(bindAddress)) family = 4;
  else if (isIPv6(bindAddress)) family = 6;
  else
    throw new TransportError(
      'ERR_INVALID_ADDRESS',
      `bindAddress must be an IP address, got ${JSON.stringify(rawBind)}`,
    );
  const advertisePort =
    options.advertisePort === undefined
      ? undefined
      : checkPort('advertisePort', options.advertisePort);
  if (advertisePort === 0) throw bad('advertisePort must not be 0');
  if (options.advertiseAddress !== undefined)
    formatAddress(options.advertiseAddress, advertisePort ?? 1);
  return Object.freeze({
    bindAddress,
    bindPort: checkPort('bindPort', options.bindPort ?? DEFAULT_BIND_PORT),
    family,
    advertiseAddress: options.advertiseAddress,
    advertisePort,
    maxPacketSize: checkPositive(
      'maxPacketSize',
      options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE,
      true,
    ),
    dialTimeoutMs: checkPositive(
      'dialTimeoutMs',
      options.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS,
      false,
    ),
    clock: options.clock ?? systemClock,
    resolver: options.resolver ?? systemResolver,
    unref: options.unref ?? true,
    streamHighWaterMark: checkPositive(
      'streamHighWaterMark',
      options.streamHighWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK,
      true,
    ),
    bindRetries: checkPositive('bindRetries', options.bindRetries ?? DEFAULT_BIND_RETRIES, true),
    idleTimeoutMs: checkPositive(
      'idleTimeoutMs',
      options.idleTimeoutMs ?? DEFAULT_PACKET_CONNECTION_IDLE_MS,
      false,
    ),
  });
}
