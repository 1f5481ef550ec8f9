// tsx --conditions=@ring/source packages/broadcast/examples/quick-start.ts
import { TransmitLimitedQueue, isBroadcastError } from '@ring/broadcast';

const members = new Set(['a', 'b', 'c']);
const queue = new TransmitLimitedQueue({ numNodes: () => members.size }); // LAN: 4 × ⌈log10(3 + 1)⌉ = 4 sends

const text = new TextEncoder();
queue.enqueue({
  name: 'b',
  message: text.encode('suspect b'),
  onDone: (reason) => console.log('suspect b:', reason),
});
queue.enqueue({
  name: 'b',
  message: text.encode('alive b #2'),
  onDone: (reason) => console.log('alive b:', reason),
}); // replaces it
queue.enqueue({ unique: true, message: text.encode('user event') });

try {
  queue.enqueue({ unique: true, message: new Uint8Array(1399) }); // 1399 + 2 > 1400: could never be sent
} catch (error) {
  if (isBroadcastError(error, 'ERR_BROADCAST_TOO_LARGE')) console.log('rejected:', error.message);
}

// swim calls this whenever it builds a packet: (per-message overhead, bytes left in the packet).
for (let round = 1; queue.size > 0; round++) {
  const parts = queue.getBroadcasts(2, 1400);
  console.log(
    `packet ${round}:`,
    parts.map((part) => new TextDecoder().decode(part)),
  );
}
console.log(queue.stats);
