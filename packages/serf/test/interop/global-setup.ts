// Global setup of `pnpm test:interop` for @ring/serf: the Serf interop tests run real `serf agent`
// processes (Debian's `serf`) and find their port-0 listeners with `ss` (iproute2). When either is
// missing the whole run fails here with the install line: it never skips and never passes.
// (Self-contained: Vitest loads global setups without the `@ring/source` condition.)
import { execFileSync } from 'node:child_process';

const INSTALL = 'apt-get install -y serf iproute2';

/** Vitest global setup: fail the run, naming the install line, when `serf` or `ss` is missing. */
export default function setup(): void {
  let version: string;
  try {
    version = execFileSync('serf', ['version'], { encoding: 'utf8', timeout: 30_000 }).split(
      '\n',
    )[0]!;
  } catch {
    throw new Error(
      `pnpm test:interop needs the serf agent (\`serf version\` failed); install it: ${INSTALL}`,
    );
  }
  try {
    execFileSync('ss', ['-V'], { encoding: 'utf8', timeout: 30_000 });
  } catch {
    throw new Error(
      `pnpm test:interop needs \`ss\` to find the agents' ports; install it: ${INSTALL}`,
    );
  }
  console.log(`interop: serf ${version}`);
}
