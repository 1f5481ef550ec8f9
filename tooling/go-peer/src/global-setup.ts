// Global setup of `pnpm test:interop`: the interop tests need Go and Debian's memberlist sources.
// When they are missing the whole run fails here with the install line: it never skips and never
// passes. (Self-contained on purpose: Vitest loads global setups without the `@ring/source`
// condition, so this file must not import workspace packages; the tests' own harness does the build.)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const INSTALL = 'apt-get install -y golang-go golang-github-hashicorp-memberlist-dev';

/** Vitest global setup: fail the run, naming the install line, when the toolchain is missing. */
export default function setup(): void {
  const gopath = process.env.RING_GOPATH ?? '/usr/share/gocode';
  let version: string;
  try {
    version = execFileSync('go', ['version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    throw new Error(`pnpm test:interop needs Go (\`go version\` failed); install it: ${INSTALL}`);
  }
  const memberlist = join(gopath, 'src/github.com/hashicorp/memberlist/memberlist.go');
  if (!existsSync(memberlist)) {
    throw new Error(`pnpm test:interop needs memberlist's sources at ${memberlist}; ${INSTALL}`);
  }
  console.log(`interop: ${version}; memberlist sources under ${gopath}`);
}
