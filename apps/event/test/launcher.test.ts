import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoProcess, killAllDemoProcesses, processExists } from '@ring/demo-kit/testing';

const CLUSTER = fileURLToPath(new URL('../src/cluster.ts', import.meta.url));
const ARGS = ['--any-ports', '--', '--probe-interval', '200ms'];

const started: number[] = [];
afterEach(async () => {
  await killAllDemoProcesses();
  // Nodes whose launcher was killed stop by themselves; make sure, whatever the test did.
  for (const pid of started.splice(0)) if (processExists(pid)) process.kill(pid, 'SIGKILL');
});

/** Start the launcher and wait until all three nodes are up; returns the launcher and the pids. */
async function launch(): Promise<[DemoProcess, number[]]> {
  const launcher = DemoProcess.start(CLUSTER, ARGS, 'launcher');
  await launcher.waitForLine(/^cluster \| all up\. /, { timeoutMs: 60_000 });
  const pids = launcher.texts
    .map((t) => /^cluster \| node\d \(pid (\d+)\): main\.ts /.exec(t)?.[1])
    .filter((x) => x !== undefined)
    .map(Number);
  started.push(...pids);
  return [launcher, pids];
}

/** Resolves once no process in `pids` exists; rejects after `timeoutMs`. */
async function gone(pids: readonly number[], timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (pids.some(processExists)) {
    if (performance.now() > deadline)
      throw new Error(`still running: ${pids.filter(processExists).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('start:cluster (the launcher, shown with the event demo)', () => {
  it('starts three nodes with prefixed lines; Ctrl-C stops them all gracefully, leaving nothing', async () => {
    const [launcher, pids] = await launch();
    expect(pids).toHaveLength(3);
    for (const name of ['node1', 'node2', 'node3'])
      await launcher.waitForLine(new RegExp(`^${name}   \\| current node size: 3$`));
    launcher.signal('SIGINT');
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
    for (const name of ['node1', 'node2', 'node3']) {
      expect(launcher.texts).toContain(`${name}   | finally:`);
      expect(launcher.texts).toContain(`cluster | ${name} exited (code 0)`);
    }
    expect(launcher.texts.at(-1)).toBe('cluster | every node has stopped');
    for (const pid of pids) expect(processExists(pid)).toBe(false);
  }, 90_000);

  it('nodes stop by themselves when the launcher is killed', async () => {
    const [launcher, pids] = await launch();
    await launcher.kill();
    await gone(pids);
  }, 90_000);
});
