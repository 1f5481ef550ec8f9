import type { Packet, Stream } from '../transport.js';

/**
 * Collects what a transport delivers and lets a test await the next item without polling or
 * sleeping: `await inbox.nextPacket()`.
 */
export class Inbox {
  /** Every packet received, in order. */
  readonly packets: Packet[] = [];
  /** Every stream accepted, in order. */
  readonly streams: Stream[] = [];
  #packetWaiters: ((p: Packet) => void)[] = [];
  #streamWaiters: ((s: Stream) => void)[] = [];
  #packetsRead = 0;
  #streamsRead = 0;

  /** Handlers to pass to `Transport.start`. */
  readonly handlers = {
    onPacket: (packet: Packet): void => {
      this.packets.push(packet);
      this.#packetWaiters.shift()?.(packet);
    },
    onStream: (stream: Stream): void => {
      this.streams.push(stream);
      this.#streamWaiters.shift()?.(stream);
    },
  };

  /** The next packet not yet returned by this method. */
  nextPacket(): Promise<Packet> {
    const i = this.#packetsRead++;
    const have = this.packets[i];
    if (have !== undefined) return Promise.resolve(have);
    return new Promise((resolve) => this.#packetWaiters.push(resolve));
  }

  /** The next stream not yet returned by this method. */
  nextStream(): Promise<Stream> {
    const i = this.#streamsRead++;
    const have = this.streams[i];
    if (have !== undefined) return Promise.resolve(have);
    return new Promise((resolve) => this.#streamWaiters.push(resolve));
  }
}

/** Read a stream to its end and return all bytes. */
export async function readAll(stream: Stream): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    total += chunk.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
