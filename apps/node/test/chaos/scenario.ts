// What the chaos scenarios share: the asserted bounds, condition waits with deadlines, what the
// members see (converged, changes, deaths across a partition), starting ring-nodes in the
// namespaces, and reading a member's metrics or pinging it from inside a namespace.
import { RingMember } from './members.js';
import type { Member } from './members.js';
import { ns } from './netns.js';
import type { ChaosNetwork } from './netns.js';
import { secs } from './report.js';

/** Bounds asserted (and documented in docs/RELIABILITY.md). */
export const BOUND = {
  /** Spawn to every member seeing every other alive. */
  convergeMs: 60_000,
  /** Partition start to each side declaring the other dead (lan: suspicion ≤ 6 × 4 × log10(5) s). */
  detectMs: 45_000,
  /** Heal to one membership again (lan: a reconnect push/pull every 10 s per node). */
  healMs: 45_000,
  /** SIGCONT to every member seeing the resumed one alive. */
  resumeMs: 45_000,
  /**
   * Restart on a new address to every member seeing the name alive there: the 10 s reclaim
   * window (lan), after which each member applies the claim it held (docs/PROTOCOL.md §21;
   * 10.0 s measured), with room for a lost packet or two. By push/pull alone it took 38–49 s.
   */
  reclaimMs: 30_000,
  /**
   * End of a fault window (faults still on) to every member seeing all others alive: time for a
   * pending suspicion to be refuted over the lossy links (lan: one gossip round per 200 ms, the
   * refutation retransmitted 3 × log10(6) rounds).
   */
  settleUnderFaultsMs: 20_000,
};

/** Wall-clock wait (real processes, real time). */
export const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` every 200 ms until it holds; resolves with the elapsed ms, throws with `what()` at the deadline. */
export async function waitUntil(
  check: () => boolean,
  timeoutMs: number,
  what: () => string,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await wait(200);
  }
}

/** Keep checking `check` (every 250 ms) for `ms`; collect the first failure message. */
export async function observe(ms: number, check: () => string | undefined): Promise<string[]> {
  const problems: string[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const p = check();
    if (p !== undefined && !problems.includes(p)) problems.push(p);
    await wait(250);
  }
  return problems;
}

export /** What each of `ms` sees, and its last stderr lines: the message of a failed wait. */
function describeViews(ms: readonly Member[]): string {
  return ms
    .map((m) => {
      const view = [...m.view()].map(([n, v]) => `${n}=${v.state}${v.addr ? `@${v.addr}` : ''}`);
      const tail = m.stderr().trim().split('\n').slice(-3).join(' | ');
      return `\n  ${m.name}${m.running ? '' : ` (exited: ${m.exitInfo})`} sees [${view.join(' ')}]${tail ? ` stderr: ${tail}` : ''}`;
    })
    .join('');
}

/** Every member sees exactly the others of `ms` alive (and nothing else alive). */
export function converged(ms: readonly Member[]): boolean {
  const names = ms.map((m) => m.name);
  return ms.every((m) => {
    const expected = names.filter((n) => n !== m.name).sort();
    return m.running && JSON.stringify(m.alive()) === JSON.stringify(expected);
  });
}

/** Wait until {@link converged}; resolves with the elapsed ms. */
export async function waitConverged(
  ms: readonly Member[],
  timeoutMs: number,
  what: string,
): Promise<number> {
  return waitUntil(
    () => converged(ms),
    timeoutMs,
    () => `${what}: not converged${describeViews(ms)}`,
  );
}

/** Changes to `state` seen by any of `ms` at or after `since` (wall ms). */
export function changes(ms: readonly Member[], state: string, since: number): string[] {
  return ms.flatMap((m) =>
    m.timeline
      .filter((c) => c.state === state && c.at >= since)
      .map((c) => `${m.name} saw ${c.name} ${state} at +${secs(c.at - since)}`),
  );
}

/** Start ring-node `rN` on host `hN`. */
export function ring(
  net: ChaosNetwork,
  n: number,
  extra: readonly string[],
  hostId = `h${n}`,
): RingMember {
  return RingMember.start(`r${n}`, net.host(hostId), extra);
}

/** Start r1 on h1 and wait until it is ready. */
export async function startSeed(net: ChaosNetwork, extra: readonly string[]): Promise<RingMember> {
  const r1 = ring(net, 1, extra);
  await waitUntil(
    () => r1.ready,
    BOUND.convergeMs,
    () => `r1 not ready${describeViews([r1])}`,
  );
  return r1;
}

/** For {@link observe}: a problem when any of `ms` saw a member die at or after `since`. */
export function falseDeaths(ms: readonly Member[], since: number): string | undefined {
  const dead = changes(ms, 'dead', since);
  return dead.length > 0 ? `false death: ${dead.join('; ')}` : undefined;
}

/** Every one of `ms` sees every one of `others` dead. */
export function seesDead(ms: readonly Member[], others: readonly Member[]): boolean {
  return ms.every((m) => others.every((o) => m.view().get(o.name)?.state === 'dead'));
}

/** Names of `others` that members of `ms` see alive, as `viewer→name`. */
export function seenAlive(ms: readonly Member[], others: readonly Member[]): string[] {
  return ms.flatMap((m) =>
    others.filter((o) => m.view().get(o.name)?.state === 'alive').map((o) => `${m.name}→${o.name}`),
  );
}

/** r1 alone, then r2..rN joining r1 at once; resolves when converged, with the times. */
export async function ringCluster(
  net: ChaosNetwork,
  count: number,
  extra: (n: number) => readonly string[] = () => [],
): Promise<{ members: RingMember[]; convergeMs: number }> {
  const start = Date.now();
  const members = [await startSeed(net, extra(1))];
  for (let n = 2; n <= count; n++)
    members.push(ring(net, n, ['--join', `${net.host('h1').ip}:7946`, ...extra(n)]));
  await waitConverged(members, BOUND.convergeMs, `${count} ring-nodes`);
  return { members, convergeMs: Date.now() - start };
}

/** A Prometheus sample summed over label sets, read from a member's admin API inside its namespace. */
export async function metric(m: Member, name: string, labelFilter = ''): Promise<number> {
  const text = await adminGet(m, '/metrics');
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || !line.includes(labelFilter)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{'))) continue;
    sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/**
 * Send `count` memberlist pings (type 0, msgpack `{SeqNo, Node: ""}`) from a plain UDP socket in
 * `fromId`'s namespace to `to`, 100 ms apart; resolves with the round-trip times (ms) of the acks.
 */
export async function udpPingRtts(
  net: ChaosNetwork,
  fromId: string,
  to: string,
  count: number,
): Promise<number[]> {
  const [host, port] = to.split(':');
  const script = `
    const s = require('node:dgram').createSocket('udp4');
    const sent = new Map(); const rtts = [];
    s.on('message', (m) => {
      // An ack (type 2, msgpack {SeqNo, Payload}), alone or inside a compound with gossip.
      const i = m.indexOf(Buffer.from('SeqNo'));
      if (i < 0) return;
      const v = m[i + 5], seq = v <= 0x7f ? v : v === 0xcc ? m[i + 6] : v === 0xcd ? m.readUInt16BE(i + 6) : m.readUInt32BE(i + 6);
      if (sent.has(seq)) { rtts.push(performance.now() - sent.get(seq)); sent.delete(seq); }
    });
    s.bind(0, '${net.host(fromId).ip}', () => {
      let n = 0;
      const t = setInterval(() => {
        if (++n > ${count}) { clearInterval(t); setTimeout(() => { console.log(JSON.stringify(rtts)); s.close(); }, 500); return; }
        const seq = Buffer.alloc(4); seq.writeUInt32BE(n);
        const msg = Buffer.concat([Buffer.from([0, 0x82, 0xa5]), Buffer.from('SeqNo'), Buffer.from([0xce]), seq, Buffer.from([0xa4]), Buffer.from('Node'), Buffer.from([0xa0])]);
        sent.set(n, performance.now());
        s.send(msg, ${Number(port)}, '${host}');
      }, 100);
    });`;
  const out = await ns(net.host(fromId).ns, process.execPath, ['-e', script]);
  return JSON.parse(out) as number[];
}

/**
 * Each member's `GET /v1/explain/member/<name>` (its state, incarnation and recent history of
 * `name`: suspicions, confirmations, refutations, deaths, with where each came from) and `name`'s
 * own refutation counters: what a failed false-death check prints, so a rare failure can be read
 * after the fact.
 */
export async function explainMember(ms: readonly Member[], name: string): Promise<string> {
  const parts = await Promise.all(
    ms.map(async (m) => {
      try {
        const text = await adminGet(m, `/v1/explain/member/${encodeURIComponent(name)}`);
        return `\n  ${m.name} explains ${name}: ${text.trim()}`;
      } catch (error) {
        return `\n  ${m.name} explains ${name}: (unavailable: ${String(error)})`;
      }
    }),
  );
  const self = ms.find((m) => m.name === name);
  if (self !== undefined) {
    const counters = await Promise.all(
      ['ring_swim_refutations_total', 'ring_swim_refutation_repeats_total'].map(
        async (c) => `${c} ${await metric(self, c).catch(() => Number.NaN)}`,
      ),
    );
    parts.push(`\n  ${name}'s counters: ${counters.join(', ')}`);
  }
  return parts.join('');
}

/** The body of `GET path` on a member's admin API (127.0.0.1:7947 inside its namespace). */
async function adminGet(m: Member, path: string): Promise<string> {
  const url = JSON.stringify(`http://127.0.0.1:7947${path}`);
  return ns(m.host.ns, process.execPath, [
    '-e',
    `fetch(${url}).then((r) => r.text()).then((t) => process.stdout.write(t))`,
  ]);
}
