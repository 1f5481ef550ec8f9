/**
 * Two Ring nodes on loopback: UDP+TCP transports on 127.0.0.1, port 0. They exchange a packet each
 * way and then a request/response over a stream, print what happens, and exit 0.
 *
 *   pnpm start        (from the repository root)
 */
import { pathToFileURL } from 'node:url';
import type { Packet, Stream } from '@ring/transport';
import { createUdpTransport } from '@ring/transport/node';

const text = new TextEncoder();
const bytes = new TextDecoder();

async function readAll(stream: Stream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += bytes.decode(chunk, { stream: true });
  return out + bytes.decode();
}

/** Run the demo, printing through `log`. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  // unref: false — here the transports are all the process waits on.
  const alice = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false });
  const bob = createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false });

  let onBobPacket: (p: Packet) => void = () => undefined;
  let onAlicePacket: (p: Packet) => void = () => undefined;
  await alice.start({ onPacket: (p) => onAlicePacket(p), onStream: (s) => s.close() });
  await bob.start({
    onPacket: (p) => onBobPacket(p),
    // Bob answers every stream: read the request to its end, reply, half-close.
    onStream: (stream) => {
      void (async () => {
        const request = await readAll(stream);
        log(`bob    <- stream from ${stream.remoteAddress}: "${request}"`);
        await stream.write(text.encode(`hello ${request.split(' ').pop() ?? ''}, this is bob`));
        await stream.end();
      })().catch((error: unknown) => log(`bob stream failed: ${String(error)}`));
    },
  });
  log(`alice listening on ${alice.localAddress()} (udp+tcp)`);
  log(`bob   listening on ${bob.localAddress()} (udp+tcp)`);

  try {
    // Packets: alice pings, bob pongs back to the sender address he saw.
    const bobGotPing = new Promise<Packet>((resolve) => (onBobPacket = resolve));
    const aliceGotPong = new Promise<Packet>((resolve) => (onAlicePacket = resolve));
    const sentAt = await alice.sendPacket(bob.localAddress(), text.encode('ping'));
    const ping = await bobGotPing;
    log(`bob    <- packet from ${ping.from}: "${bytes.decode(ping.data)}"`);
    await bob.sendPacket(ping.from, text.encode('pong'));
    const pong = await aliceGotPong;
    log(
      `alice  <- packet from ${pong.from}: "${bytes.decode(pong.data)}" (round trip ${pong.receivedAt - sentAt} ms)`,
    );

    // Stream: alice sends a request, half-closes, reads bob's reply to its end.
    const stream = await alice.dial(bob.localAddress(), { timeoutMs: 5000 });
    await stream.write(text.encode('hi, I am alice'));
    await stream.end();
    const reply = await readAll(stream);
    log(`alice  <- stream reply: "${reply}"`);
    stream.close();
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
  log('done: both transports closed');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
