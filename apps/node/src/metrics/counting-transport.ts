import type { DialOptions, Stream, Transport, TransportHandlers } from '@ring/transport';

/** What {@link countingTransport} reports to: a counter sink such as `PrometheusRegistry`. */
export interface TransportCounters {
  increment(
    name: string,
    value?: number,
    labels?: Readonly<Record<string, string>>,
    help?: string,
  ): void;
}

const BYTES = 'ring_node_transport_bytes_total';
const BYTES_HELP =
  'Bytes on the gossip transport by channel (packet = UDP, stream = TCP) and direction.';
const PACKETS = 'ring_node_transport_packets_total';
const PACKETS_HELP = 'Packets on the gossip transport by direction.';
const STREAMS = 'ring_node_transport_streams_total';
const STREAMS_HELP =
  'Streams (TCP connections) opened, by direction (out = dialled, in = accepted).';
// Frozen once: the registry caches the series key of a frozen label object.
const IN = Object.freeze({ direction: 'in' });
const OUT = Object.freeze({ direction: 'out' });
const PACKET_IN = Object.freeze({ channel: 'packet', direction: 'in' });
const PACKET_OUT = Object.freeze({ channel: 'packet', direction: 'out' });
const STREAM_IN = Object.freeze({ channel: 'stream', direction: 'in' });
const STREAM_OUT = Object.freeze({ channel: 'stream', direction: 'out' });

/** Wrap a stream so every chunk written or read is counted; the stream itself is unchanged. */
function countedStream(inner: Stream, counters: TransportCounters): Stream {
  return {
    get remoteAddress() {
      return inner.remoteAddress;
    },
    write: (chunk) => {
      counters.increment(BYTES, chunk.length, STREAM_OUT, BYTES_HELP);
      return inner.write(chunk);
    },
    end: () => inner.end(),
    close: () => inner.close(),
    async *[Symbol.asyncIterator]() {
      for await (const chunk of inner) {
        counters.increment(BYTES, chunk.length, STREAM_IN, BYTES_HELP);
        yield chunk;
      }
    },
  };
}

/**
 * A transport that counts what crosses `inner` — packets and their bytes, streams opened and their
 * bytes, in and out — into `counters`, and otherwise behaves exactly like it. ring-node wraps its
 * gossip transport in one so `/metrics` shows the node's real network cost (memberlist reports
 * the same through go-metrics: `udp.sent`, `tcp.sent`, `tcp.connect`, `tcp.accept`).
 *
 * With the `udp` transport, `packet` is UDP and `stream` is TCP; with `tcp` both are TCP.
 *
 * @param inner - the transport to observe (not started).
 * @param counters - where counts go.
 */
export function countingTransport(inner: Transport, counters: TransportCounters): Transport {
  return {
    get maxPacketSize() {
      return inner.maxPacketSize;
    },
    get state() {
      return inner.state;
    },
    get clock() {
      return inner.clock;
    },
    start: (handlers: TransportHandlers) =>
      inner.start({
        onPacket: (packet) => {
          counters.increment(PACKETS, 1, IN, PACKETS_HELP);
          counters.increment(BYTES, packet.data.length, PACKET_IN, BYTES_HELP);
          handlers.onPacket(packet);
        },
        onStream: (stream) => {
          counters.increment(STREAMS, 1, IN, STREAMS_HELP);
          handlers.onStream(countedStream(stream, counters));
        },
      }),
    localAddress: () => inner.localAddress(),
    sendPacket: (to, data) => {
      counters.increment(PACKETS, 1, OUT, PACKETS_HELP);
      counters.increment(BYTES, data.length, PACKET_OUT, BYTES_HELP);
      return inner.sendPacket(to, data);
    },
    dial: async (to, options?: DialOptions) => {
      const stream = await inner.dial(to, options);
      counters.increment(STREAMS, 1, OUT, STREAMS_HELP);
      return countedStream(stream, counters);
    },
    close: () => inner.close(),
  };
}
