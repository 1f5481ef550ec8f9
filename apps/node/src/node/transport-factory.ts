import { impair, isIPv6 } from '@ring/transport';
import type { Transport } from '@ring/transport';
import { createTcpTransport, createUdpTransport } from '@ring/transport/node';
import type { NodeConfig } from '../config/node-config.js';
import { parseHostPort } from '../config/host-port.js';
import { udpPayloadForMtu } from '../config/impair-spec.js';

/**
 * The gossip transport a config asks for: UDP+TCP on one port (memberlist's default) or TCP only,
 * bound to `--bind`, advertising `--advertise`. Sockets are not `unref()`'d: the transport keeps a
 * `ring-node` process alive even with the HTTP API off. With `--impair` (testing only) it is
 * wrapped in `impair` from `@ring/transport`: outbound packets delayed and dropped, stream setup
 * delayed, and with `mtu=` the packet budget lowered to what fits that path MTU.
 *
 * @param config - the node config.
 */
export function createTransportFor(
  config: Pick<NodeConfig, 'bind' | 'advertise' | 'transport'> &
    Partial<Pick<NodeConfig, 'impair'>>,
): Transport {
  const bind = parseHostPort(config.bind, '--bind');
  const advertise =
    config.advertise === undefined ? undefined : parseHostPort(config.advertise, '--advertise');
  const options = {
    bindAddress: bind.host,
    bindPort: bind.port,
    ...(advertise === undefined
      ? {}
      : { advertiseAddress: advertise.host, advertisePort: advertise.port }),
    unref: false,
  };
  const transport =
    config.transport === 'tcp' ? createTcpTransport(options) : createUdpTransport(options);
  const spec = config.impair;
  if (spec === undefined) return transport;
  return impair(transport, {
    delayMs: spec.delayMs,
    jitterMs: spec.jitterMs,
    loss: spec.loss,
    ...(spec.seed === undefined ? {} : { seed: spec.seed }),
    ...(spec.mtu === undefined
      ? {}
      : { maxPacketSize: udpPayloadForMtu(spec.mtu, isIPv6((advertise ?? bind).host)) }),
  });
}
