// User-event propagation in a mixed cluster on 127.0.0.1: 3 real `serf agent`s + 1 Ring Serf
// member. Measures, side by side in the same run, the time from sending an event until every
// agent's event handler has it, with the Ring member as the sender and with an agent
// (`serf event`) as the sender; and how long until the Ring member receives an agent's event.
// Needs `serf` (apt-get install serf iproute2); not part of `pnpm bench`. Run from the repo root:
//   pnpm --filter @ring/serf exec tsx --conditions=@ring/source bench/propagation.ts [rounds]
import { performance } from 'node:perf_hooks';
import { createUdpTransport } from '@ring/transport/node';
import { createSerf } from '@ring/serf';
import { startAgent, stopAllAgents, waitFor } from '@ring/serf-agent';

const rounds = Number(process.argv[2] ?? 20);
const a1 = await startAgent({ name: 'agent1' });
const a2 = await startAgent({ name: 'agent2', join: a1.address });
const a3 = await startAgent({ name: 'agent3', join: a1.address });
const agents = [a1, a2, a3];
const ring = createSerf({
  name: 'ring1',
  transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false }),
});
const got = new Map<string, number>();
ring.on('user', (e) => got.set(e.name, performance.now()));
await ring.start();
await ring.join([a1.address]);
await waitFor('4 alive everywhere', async () => {
  for (const a of agents)
    if ((await a.members()).filter((m) => m.status === 'alive').length !== 4) return false;
  return ring.members().filter((m) => m.status === 'alive').length === 4;
});

const everyAgentHas = (name: string) =>
  agents.every((a) => a.userEvents().some((l) => l.startsWith(`${name} `)));
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.9)]!;

const fromRing: number[] = [];
const fromAgent: number[] = [];
const agentToRing: number[] = [];
for (let i = 0; i < rounds; i++) {
  const r = `r${i}`;
  const t0 = performance.now();
  await ring.userEvent(r, new Uint8Array(0), { coalesce: false });
  await waitFor(r, () => everyAgentHas(r), 10_000);
  fromRing.push(performance.now() - t0);

  const g = `g${i}`;
  const t1 = performance.now();
  await a2.cli('event', '-coalesce=false', g, '');
  await waitFor(g, () => everyAgentHas(g) && got.has(g), 10_000);
  fromAgent.push(performance.now() - t1);
  agentToRing.push(got.get(g)! - t1);
}
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, p90 ${p90(xs).toFixed(0)} ms`;
console.log(`rounds: ${rounds} (3 agents + 1 Ring member, LAN timing, 127.0.0.1)`);
console.log(`Ring member → all 3 agents:  ${fmt(fromRing)}`);
console.log(`agent2 → all 3 agents:       ${fmt(fromAgent)} (includes the serf CLI round trip)`);
console.log(`agent2 → Ring member:        ${fmt(agentToRing)} (includes the serf CLI round trip)`);
console.log(`ratio Ring/agent (median):   ${(median(fromRing) / median(fromAgent)).toFixed(2)}`);
await ring.shutdown();
await stopAllAgents();
