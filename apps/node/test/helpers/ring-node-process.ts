import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The `ring-node` bin (it runs the bundle the test setup builds from the current sources). */
export const BIN = fileURLToPath(new URL('../../bin/ring-node.cjs', import.meta.url));

/** A spawned `ring-node` and what it printed. */
export interface RingNodeProcess {
  readonly child: ChildProcess;
  /** Every stdout line, parsed as JSON (start it with `--json`). */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the exit code. */
  readonly exit: Promise<number | null>;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM: a graceful leave. */
  stop(): void;
}

/**
 * Spawn `node bin/ring-node.cjs ...args` with piped stdout (JSON lines) and stderr.
 *
 * @param args - the CLI arguments.
 */
export function spawnRingNode(args: readonly string[]): RingNodeProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (l) =>
    lines.push(JSON.parse(l) as Record<string, unknown>),
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exit, stderr: () => stderr, stop: () => child.kill('SIGTERM') };
}
