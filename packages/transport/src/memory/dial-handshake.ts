import { TransportError } from '../errors.js';
import { Kind, type Delivery, type DialAttempt, type NetNode, type StreamEnd } from './delivery.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { LinkTable } from './link-table.js';

/** What the handshake needs from its network. */
export interface HandshakeNetwork {
  /** The network's delivery queue. */
  readonly queue: DeliveryQueue;
  /** Partitions and isolation. */
  readonly links: LinkTable;
  /** One-way delay of `src → dst` now (latency plus a jitter draw). */
  latency(src: NetNode, dst: NetNode): number;
  /** Open a stream pair between the dialer `src` and the listener `dst`. */
  connect(src: NetNode, dst: NetNode): { client: StreamEnd; server: StreamEnd };
}

/**
 * The memory network's stream dial: a SYN to the listener, answered by a SYN-ACK (accepted) or a
 * refusal (no started transport there). A SYN or reply lost to a partition is retransmitted after
 * the attempt's retransmission timeout, which doubles each time, until the dial times out.
 */
export class DialHandshake {
  readonly #net: HandshakeNetwork;

  /** @param net - the network the handshake runs on. */
  constructor(net: HandshakeNetwork) {
    this.#net = net;
  }

  /** Send the first SYN of `attempt`. */
  start(attempt: DialAttempt): void {
    this.#sendSyn(attempt, 0);
  }

  /** A SYN arrived at the listener. */
  onSyn(d: Delivery): void {
    const net = this.#net;
    const attempt = d.dial!;
    if (attempt.cancelled) return;
    if (net.links.isBlocked(d.src, d.dst)) {
      this.#retrySyn(attempt);
      return;
    }
    const endpoint = attempt.dst.endpoint;
    const reply = net.queue.make(
      Kind.Refused,
      attempt.dst,
      attempt.src,
      net.latency(attempt.dst, attempt.src),
    );
    reply.dial = attempt;
    if (endpoint?.listening === true) {
      reply.kind = Kind.SynAck;
      const { client, server } = net.connect(attempt.src, attempt.dst);
      attempt.stream = client;
      endpoint.acceptStream(server);
    }
    net.queue.push(reply);
  }

  /** A SYN-ACK or refusal arrived back at the dialer. */
  onReply(d: Delivery): void {
    const net = this.#net;
    const attempt = d.dial!;
    if (attempt.cancelled) {
      attempt.stream?.close();
      return;
    }
    if (net.links.isBlocked(d.src, d.dst)) {
      // The reply was lost: the dialer retransmits its SYN (the listener accepts it again only if
      // the first SYN was refused; an accepted connection's SYN-ACK is simply re-sent).
      if (d.kind === Kind.SynAck) {
        const again = net.queue.make(
          Kind.SynAck,
          d.src,
          d.dst,
          attempt.rtoMs + net.latency(d.src, d.dst),
        );
        again.dial = attempt;
        attempt.rtoMs *= 2;
        net.queue.push(again);
      } else {
        this.#retrySyn(attempt);
      }
      return;
    }
    if (d.kind === Kind.SynAck) attempt.resolve(attempt.stream!);
    else
      attempt.reject(
        new TransportError(
          'ERR_CONNECTION_REFUSED',
          `connection refused by ${attempt.dst.address}`,
        ),
      );
  }

  #retrySyn(attempt: DialAttempt): void {
    const backoff = attempt.rtoMs;
    attempt.rtoMs *= 2;
    this.#sendSyn(attempt, backoff);
  }

  #sendSyn(attempt: DialAttempt, afterMs: number): void {
    const net = this.#net;
    const d = net.queue.make(
      Kind.Syn,
      attempt.src,
      attempt.dst,
      afterMs + net.latency(attempt.src, attempt.dst),
    );
    d.dial = attempt;
    net.queue.push(d);
  }
}
