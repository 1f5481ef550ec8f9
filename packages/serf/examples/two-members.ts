// Two Ring Serf members on 127.0.0.1 (port 0): join, a user event, a query with an ack and a
// response, a tag change, then a graceful leave. The same calls work against a `serf agent`: pass
// its address to `join()`. Run: pnpm --filter @ring/serf exec tsx --conditions=@ring/source examples/two-members.ts
import { createUdpTransport } from '@ring/transport/node';
import { createSerf } from '@ring/serf';
import type { Serf } from '@ring/serf';

const text = new TextDecoder();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error('timed out');
};

function member(name: string, role: string): Serf {
  const s = createSerf({
    name,
    transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false }),
    tags: { role },
    options: { leavePropagateDelayMs: 100 },
  });
  s.onQuery((q) => bytes(`${name} is ${role}, asked "${text.decode(q.payload)}"`));
  return s;
}

const a = member('serf-a', 'web');
const b = member('serf-b', 'db');
let lastEvent = '';
a.on('user', (e) => {
  lastEvent = `${e.name} ${text.decode(e.payload)}`;
  console.log(`serf-a: user event ${lastEvent} (coalesce=${e.coalesce})`);
});
a.on('member-update', (m) =>
  console.log(`serf-a: update ${m.name} tags=${JSON.stringify(m.tags)}`),
);
a.on('member-leave', (m) => console.log(`serf-a: leave ${m.name} (${m.status})`));
await a.start();
await b.start();
await b.join([a.swim.address]);
await until(() => a.member('serf-b')?.status === 'alive');
console.log(`serf-a sees serf-b with tags ${JSON.stringify(a.member('serf-b')?.tags)}`);

await b.userEvent('deploy', bytes('v2'), { coalesce: false });
await until(() => lastEvent !== '');

const result = await a.query('whoami', bytes('hi'), { requestAck: true, timeoutMs: 1_000 });
const answers: string[] = [];
for await (const r of result.responses()) answers.push(`${r.from}: ${text.decode(r.payload)}`);
for (const line of answers.sort()) console.log(`response ${line}`);
console.log(`acks: ${[...result.ackedBy].sort().join(', ')}`);

await b.setTags({ role: 'db', zone: 'b' });
await until(() => a.member('serf-b')?.tags.zone === 'b');
await b.leave();
await until(() => a.member('serf-b')?.status === 'left');
await b.shutdown();
await a.shutdown();
