// Two swim nodes on 127.0.0.1 (port 0): join, exchange a best-effort message and a broadcast,
// then leave gracefully. `unref: false` keeps the process alive while it waits on the network (by
// default transports never hold a process open). Run: pnpm --filter @ring/swim exec tsx --conditions=@ring/source examples/two-nodes.ts
import { createUdpTransport } from '@ring/transport/node';
import { createBroadcastChannel, createSwimNode, decodeTags, encodeTags } from '@ring/swim';

const text = new TextDecoder();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function node(name: string, role: string) {
  const n = createSwimNode({
    name,
    transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false }),
    preset: 'local',
    meta: encodeTags({ role }),
  });
  n.on('join', (m) =>
    console.log(
      `${name}: join ${m.name} at ${m.address} tags=${JSON.stringify(decodeTags(m.meta))}`,
    ),
  );
  n.on('leave', (m) => console.log(`${name}: leave ${m.name} (${m.state})`));
  n.on('message', (msg) => console.log(`${name}: message "${text.decode(msg.payload)}"`));
  return n;
}

const a = node('node-a', 'web');
const b = node('node-b', 'db');
await a.start();
await b.start();

const gotBroadcast = new Promise<void>((resolve) => {
  createBroadcastChannel(a).on('message', (payload) => {
    console.log(`node-a: broadcast "${text.decode(payload)}"`);
    resolve();
  });
});
const broadcaster = createBroadcastChannel(b);

const contacted = await b.join([a.localMember.address]);
console.log(
  `node-b contacted ${contacted} seed(s); members: ${b
    .members()
    .map((m) => m.name)
    .join(', ')}`,
);

await b.sendBestEffort('node-a', bytes('hello from node-b'));
await broadcaster.broadcast(bytes('news for everyone'));
await gotBroadcast;

await b.leave(2_000);
await b.shutdown();
// Give node-a a moment to process the leave before it shuts down too.
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(
  `node-a members: ${a
    .members()
    .map((m) => m.name)
    .join(', ')}`,
);
await a.shutdown();
