// Reference timings of Go memberlist 0.2.2 on loopback with the interop tests' fast timing
// (GO_PEER_FAST_TIMING, local preset otherwise): the figures to compare a Ring cluster with the same
// options against, run side by side on the same machine.
//
//   pnpm --filter @ring/swim exec tsx --conditions=@ring/source test/interop/baseline.ts [nodes=5] [rounds=5] [retransmitMult=4]
//
// Per round, N peers start (N-1 join the first). The script then measures:
// - how long until every view holds all N, counted from the last ready;
// - how many others a broadcast reaches within 3 s, and how long the last one takes. It runs twice:
//   plain memberlist, and peers started with -rebroadcast (each receiver queues a payload again once).
// - how long until a killed peer is `dead`, and a leaving peer `left`, at all the others.
// A leave can be seen as `dead` when a member misses the leave message; the count of `left` is printed.
// Retransmission: GO_PEER_FAST_TIMING.retransmitMult. Pass a third argument to override it.
// These are wall-clock times on a shared machine. Read them as orders of magnitude.
import {
  GO_PEER_FAST_TIMING,
  isLeaveOf,
  isMessage,
  startGoPeer,
  stopAllGoPeers,
  type GoPeer,
} from '@ring/go-peer';

const nodes = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 5);
if (!Number.isInteger(nodes) || nodes < 3 || !Number.isInteger(rounds) || rounds < 1) {
  throw new Error('usage: baseline.ts [nodes >= 3] [rounds >= 1]');
}
const timing = {
  ...GO_PEER_FAST_TIMING,
  retransmitMult: Number(process.argv[4] ?? GO_PEER_FAST_TIMING.retransmitMult),
};
const probeMs = timing.probeIntervalMs;
const BROADCAST_DEADLINE_MS = 3_000;

/** Milliseconds until `wait` has resolved for every peer. */
async function allOf(
  peers: readonly GoPeer[],
  wait: (p: GoPeer) => Promise<unknown>,
): Promise<number> {
  const start = performance.now();
  await Promise.all(peers.map(wait));
  return performance.now() - start;
}

interface Series {
  label: string;
  ms: number[];
  reached?: number;
  receivers?: number;
}
const series: Record<string, Series> = {
  converge: { label: 'join: all views complete, after last ready', ms: [] },
  plain: {
    label: 'broadcast reaches all others (plain memberlist)',
    ms: [],
    reached: 0,
    receivers: 0,
  },
  relayed: {
    label: 'broadcast reaches all others (-rebroadcast)',
    ms: [],
    reached: 0,
    receivers: 0,
  },
  crash: { label: 'kill → dead at all others', ms: [] },
  leave: { label: 'leave → leave event at all others', ms: [] },
};

/** Broadcast from peers[0]; record how many others got it within the deadline and when the last did. */
async function measureBroadcast(
  peers: readonly GoPeer[],
  payload: string,
  s: Series,
): Promise<void> {
  const start = performance.now();
  const arrivals = peers.slice(1).map((p) =>
    p.waitFor(isMessage(payload), BROADCAST_DEADLINE_MS).then(
      () => performance.now() - start,
      () => undefined,
    ),
  );
  await peers[0]!.broadcast(payload);
  const times = (await Promise.all(arrivals)).filter((t) => t !== undefined);
  s.reached! += times.length;
  s.receivers! += peers.length - 1;
  if (times.length === peers.length - 1) s.ms.push(Math.max(...times));
}

async function startCluster(prefix: string, rebroadcast: boolean): Promise<GoPeer[]> {
  const names = Array.from({ length: nodes }, (_, i) => `${prefix}-n${i}`);
  const seed = await startGoPeer({ name: names[0]!, ...timing, rebroadcast });
  const rest = await Promise.all(
    names
      .slice(1)
      .map((name) => startGoPeer({ name, join: [seed.address], ...timing, rebroadcast })),
  );
  const peers = [seed, ...rest];
  series.converge!.ms.push(await allOf(peers, (p) => p.waitForMembers(names, 30_000)));
  return peers;
}

let leftSeen = 0;
let leaveObservers = 0;
for (let round = 0; round < rounds; round++) {
  const plain = await startCluster(`p${round}`, false);
  await measureBroadcast(plain, `plain ${round}`, series.plain!);
  await stopAllGoPeers();

  const peers = await startCluster(`r${round}`, true);
  await measureBroadcast(peers, `relayed ${round}`, series.relayed!);
  const [victim, leaver] = [peers[nodes - 1]!, peers[nodes - 2]!];
  const crashTime = allOf(peers.slice(0, nodes - 1), (p) =>
    p.waitFor(isLeaveOf(victim.name, 'dead'), 60_000),
  );
  await victim.kill();
  series.crash!.ms.push(await crashTime);
  const remaining = peers.slice(0, nodes - 2);
  const leaveTime = allOf(remaining, (p) => p.waitFor(isLeaveOf(leaver.name), 30_000));
  await leaver.leave();
  series.leave!.ms.push(await leaveTime);
  leftSeen += remaining.filter((p) => p.events.some(isLeaveOf(leaver.name, 'left'))).length;
  leaveObservers += remaining.length;
  await stopAllGoPeers();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `Go memberlist 0.2.2: ${nodes} peers on 127.0.0.1, ${rounds} rounds, probe interval ${probeMs} ms, retransmitMult ${timing.retransmitMult}`,
);
console.log('| measure | median ms | max ms | median probe periods | reached |');
console.log('|---|---:|---:|---:|---:|');
for (const s of Object.values(series)) {
  const m = median(s.ms);
  const cells =
    m === undefined
      ? ['–', '–', '–']
      : [m.toFixed(0), Math.max(...s.ms).toFixed(0), (m / probeMs).toFixed(1)];
  const reached = s.receivers === undefined ? '' : `${s.reached}/${s.receivers}`;
  console.log(`| ${s.label} | ${cells.join(' | ')} | ${reached} |`);
}
console.log(`graceful leaves seen as left (not dead): ${leftSeen}/${leaveObservers}`);
