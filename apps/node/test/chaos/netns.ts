/**
 * A little network of our own for the chaos suite: one "switch" namespace holding a Linux bridge,
 * one namespace per host, a veth pair from each host's `eth0` to a bridge port, and private
 * addresses (10.213.0.0/24) that exist only inside those namespaces. The root namespace gets no
 * interface, route or address: nothing we send can leave the namespaces. Faults are nftables rules
 * inside each host's namespace (table `inet chaos`); the kernel has no netem, so delay comes from
 * ring-node's `--impair` flag instead.
 *
 * Every name starts with {@link PREFIX}, so a run can remove what an earlier, killed run left.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

/** Prefix of every namespace this suite creates (kept short: interface names are ≤ 15 chars). */
export const PREFIX = 'ringchaos';
/** The /24 the hosts live in. */
export const SUBNET = '10.213.0';
const SWITCH = `${PREFIX}-sw`;

/** Run a command; resolves with stdout, rejects with a message naming the command and its stderr. */
export function run(file: string, args: readonly string[], timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      } else resolve(stdout);
    });
  });
}

/** Namespaces left by this or an earlier run (by prefix). */
export async function leftoverNamespaces(): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.startsWith(`${PREFIX}-`));
}

/**
 * Kill every process inside our namespaces, delete the namespaces (their veths and the bridge go
 * with them) and the per-namespace /etc/netns files. Safe to call any number of times.
 */
export async function removeLeftovers(): Promise<string[]> {
  const names = await leftoverNamespaces();
  for (const ns of names) {
    const pids = await run('ip', ['netns', 'pids', ns]).catch(() => '');
    for (const pid of pids.split('\n').filter((p) => /^\d+$/.test(p.trim()))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const ns of names) {
    await run('ip', ['netns', 'delete', ns]).catch(() => undefined);
    rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
  }
  return names;
}

/** Same cleanup, synchronous, for `process.on('exit')` (no event loop left there). */
export function removeLeftoversSync(namespaces: readonly string[]): void {
  for (const ns of namespaces) {
    try {
      const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
      for (const pid of pids.split('\n').filter((p) => /^\d+$/.test(p.trim())))
        process.kill(Number(pid), 'SIGKILL');
    } catch {
      // namespace already gone
    }
    try {
      execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
  }
}

/** One host: a namespace with `eth0` on the bridge. */
export interface Host {
  /** Short name, e.g. `h3`. */
  readonly id: string;
  /** Namespace name, e.g. `ringchaos-h3`. */
  readonly ns: string;
  /** Its IPv4 address on the bridge. */
  readonly ip: string;
}

/** Our network: the switch namespace and the hosts. Create with {@link ChaosNetwork.create}. */
export class ChaosNetwork {
  readonly hosts: readonly Host[];

  private constructor(hosts: Host[]) {
    this.hosts = hosts;
  }

  /** Every namespace we made (for exit hooks). */
  get namespaces(): string[] {
    return [SWITCH, ...this.hosts.map((h) => h.ns)];
  }

  /**
   * Build the switch and `count` hosts `h1..hN` with addresses 10.213.0.1..N, each with an empty
   * `inet chaos` nftables table and a hosts file (`/etc/netns/<ns>/hosts`, which `ip netns exec`
   * mounts over /etc/hosts) naming every host `hN.chaos.test` and the seeds `seeds.chaos.test`.
   */
  static async create(count: number, seedHosts: readonly number[]): Promise<ChaosNetwork> {
    await run('ip', ['netns', 'add', SWITCH]);
    await ns(SWITCH, 'ip', ['link', 'set', 'lo', 'up']);
    await ns(SWITCH, 'ip', ['link', 'add', 'br0', 'type', 'bridge']);
    await ns(SWITCH, 'ip', ['link', 'set', 'br0', 'up']);
    const hosts: Host[] = [];
    for (let i = 1; i <= count; i++) {
      hosts.push({ id: `h${i}`, ns: `${PREFIX}-h${i}`, ip: `${SUBNET}.${i}` });
    }
    const hostsFile = [
      '127.0.0.1 localhost',
      ...hosts.map((h) => `${h.ip} ${h.id}.chaos.test`),
      // Several A records for one name: `ring-node --join seeds.chaos.test` resolves them.
      ...seedHosts.map((i) => `${SUBNET}.${i} seeds.chaos.test`),
      '',
    ].join('\n');
    for (const h of hosts) {
      await run('ip', ['netns', 'add', h.ns]);
      // Created inside the host's namespace, the peer end moved straight to the switch: the root
      // namespace never holds either end.
      await run('ip', [
        '-n',
        h.ns,
        'link',
        'add',
        'eth0',
        'type',
        'veth',
        'peer',
        'name',
        `p-${h.id}`,
        'netns',
        SWITCH,
      ]);
      await ns(SWITCH, 'ip', ['link', 'set', `p-${h.id}`, 'master', 'br0']);
      await ns(SWITCH, 'ip', ['link', 'set', `p-${h.id}`, 'up']);
      await ns(h.ns, 'ip', ['addr', 'add', `${h.ip}/24`, 'dev', 'eth0']);
      await ns(h.ns, 'ip', ['link', 'set', 'eth0', 'up']);
      await ns(h.ns, 'ip', ['link', 'set', 'lo', 'up']);
      mkdirSync(`/etc/netns/${h.ns}`, { recursive: true });
      writeFileSync(`/etc/netns/${h.ns}/hosts`, hostsFile);
    }
    const net = new ChaosNetwork(hosts);
    await net.resetFaults();
    return net;
  }

  /** The host `hN`. */
  host(id: string): Host {
    const h = this.hosts.find((x) => x.id === id);
    if (h === undefined) throw new Error(`no host ${id}`);
    return h;
  }

  /** Remove every fault: each host's `inet chaos` table re-created empty, MTUs back to 1500. */
  async resetFaults(): Promise<void> {
    for (const h of this.hosts) {
      await nft(h, 'add table inet chaos\ndelete table inet chaos\n' + EMPTY_TABLE);
      await this.setMtu(h.id, 1500);
    }
  }

  /** Set the MTU of both ends of a host's link (its `eth0` and its bridge port). */
  async setMtu(id: string, mtu: number): Promise<void> {
    const h = this.host(id);
    await ns(h.ns, 'ip', ['link', 'set', 'eth0', 'mtu', String(mtu)]);
    await ns(SWITCH, 'ip', ['link', 'set', `p-${h.id}`, 'mtu', String(mtu)]);
  }

  /**
   * Random loss on every packet a host receives from the subnet (`numgen random mod 100 < pct`):
   * given to every host, every link loses `pct` % in each direction.
   */
  async addLoss(id: string, percent: number, fromIds?: readonly string[]): Promise<void> {
    const h = this.host(id);
    const from =
      fromIds === undefined
        ? `${SUBNET}.0/24`
        : `{ ${fromIds.map((f) => this.host(f).ip).join(', ')} }`;
    await nft(
      h,
      `add rule inet chaos input ip saddr ${from} numgen random mod 100 < ${percent} drop\n`,
    );
  }

  /**
   * Drop everything `fromId` sends to `toId` (a one-way link failure). Dropped at the receiver's
   * input, so the sender's `sendto` succeeds and the packet vanishes silently, as on a real network
   * (a drop in the sender's output hook would fail `sendto` with EPERM, which no real link does).
   */
  async blockLink(fromId: string, toId: string): Promise<void> {
    await nft(this.host(toId), `add rule inet chaos input ip saddr ${this.host(fromId).ip} drop\n`);
  }

  /** A full partition between two groups: each host silently drops all traffic from the other side. */
  async partition(left: readonly string[], right: readonly string[]): Promise<void> {
    for (const [side, other] of [
      [left, right],
      [right, left],
    ] as const) {
      for (const id of side) {
        const ips = other.map((o) => this.host(o).ip).join(', ');
        await nft(this.host(id), `add rule inet chaos input ip saddr { ${ips} } drop\n`);
      }
    }
  }

  /**
   * Count, in each sender's output hook, UDP datagrams to `toId` larger than `mtu` bytes of IP
   * packet (the ones a `mtu`-sized link drops). Read with {@link ChaosNetwork.oversized}.
   */
  async countOversized(toId: string, mtu: number): Promise<void> {
    const to = this.host(toId).ip;
    for (const h of this.hosts) {
      if (h.id === toId) continue;
      await nft(
        h,
        `add rule inet chaos output ip daddr ${to} meta l4proto udp meta length > ${mtu} counter\n`,
      );
    }
  }

  /** Sum of the oversized-datagram counters set by {@link ChaosNetwork.countOversized}. */
  async oversized(): Promise<{ packets: number; bytes: number }> {
    let packets = 0;
    let bytes = 0;
    for (const h of this.hosts) {
      const out = await ns(h.ns, 'nft', ['list', 'chain', 'inet', 'chaos', 'output']);
      for (const m of out.matchAll(/meta length > \d+ counter packets (\d+) bytes (\d+)/g)) {
        packets += Number(m[1]);
        bytes += Number(m[2]);
      }
    }
    return { packets, bytes };
  }

  /** Delete everything: processes in our namespaces, the namespaces, /etc/netns entries. */
  async destroy(): Promise<void> {
    await removeLeftovers();
  }
}

const EMPTY_TABLE = `table inet chaos {
  chain input { type filter hook input priority 0; policy accept; }
  chain output { type filter hook output priority 0; policy accept; }
}
`;

/** Run `file args` inside namespace `name`. */
export function ns(name: string, file: string, args: readonly string[]): Promise<string> {
  return run('ip', ['netns', 'exec', name, file, ...args]);
}

/** Apply an nftables script inside a host's namespace (`nft -f -` through a temp file). */
async function nft(h: Host, script: string): Promise<void> {
  const file = `/tmp/${h.ns}.nft`;
  writeFileSync(file, script);
  try {
    await ns(h.ns, 'nft', ['-f', file]);
  } finally {
    rmSync(file, { force: true });
  }
}
