// Global setup of `pnpm test:chaos`: the chaos suite builds network namespaces, a bridge, veth
// pairs and nftables rules, so it needs root, iproute2 and nftables. When any is missing the whole
// run FAILS here with the install line: it never skips and never passes. It also removes whatever
// an earlier, killed run left behind (namespaces named `ringchaos-*`), before and after the run.
// (Self-contained on purpose: Vitest loads global setups without the `@ring/source` condition.)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PREFIX, removeLeftovers, run } from './netns.js';

const INSTALL = 'apt-get install -y iproute2 nftables (and run the suite as root)';
const GO_INSTALL = 'apt-get install -y golang-go golang-github-hashicorp-memberlist-dev';

function need(ok: boolean, what: string): void {
  if (!ok) throw new Error(`pnpm test:chaos needs ${what}. Install: ${INSTALL}`);
}

function works(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** Vitest global setup: fail loudly without root/ip/nft; clean leftovers; return the teardown. */
export default async function setup(): Promise<() => Promise<void>> {
  need(process.platform === 'linux', 'Linux (network namespaces)');
  need(process.getuid?.() === 0, `root (uid 0; this is uid ${process.getuid?.() ?? '?'})`);
  need(works('ip', ['-V']), 'the `ip` command (iproute2)');
  need(works('nft', ['--version']), 'the `nft` command (nftables)');
  // The mixed-cluster scenario runs swim's Go memberlist peer.
  const gopath = process.env.RING_GOPATH ?? '/usr/share/gocode';
  if (
    !works('go', ['version']) ||
    !existsSync(`${gopath}/src/github.com/hashicorp/memberlist/memberlist.go`)
  ) {
    throw new Error(
      `pnpm test:chaos needs Go and memberlist's sources under ${gopath} for its mixed-cluster scenario. Install: ${GO_INSTALL}`,
    );
  }
  const removed = await removeLeftovers();
  if (removed.length > 0)
    console.log(`chaos: removed leftovers of an earlier run: ${removed.join(', ')}`);
  // Prove namespaces and nftables really work here (a container may forbid them).
  const probe = `${PREFIX}-probe`;
  try {
    await run('ip', ['netns', 'add', probe]);
    await run('ip', ['netns', 'exec', probe, 'nft', 'add', 'table', 'inet', 'probe']);
  } catch (error) {
    throw new Error(
      `pnpm test:chaos cannot create a network namespace with nftables rules: ${(error as Error).message}. Install: ${INSTALL}`,
    );
  } finally {
    await run('ip', ['netns', 'delete', probe]).catch(() => undefined);
  }
  console.log(
    `chaos: ${execFileSync('ip', ['-V'], { encoding: 'utf8' }).trim()}; ${execFileSync('nft', ['--version'], { encoding: 'utf8' }).trim()}`,
  );
  return async () => {
    const left = await removeLeftovers();
    if (left.length > 0) console.log(`chaos: teardown removed ${left.join(', ')}`);
  };
}
