import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { findFreePorts } from './free-ports.js';
import { LineSplitter, prefixLine } from './line-splitter.js';
import { nodeArgs, nodeCwd } from './node-command.js';
import { LAUNCHED_ENV } from '../process/run-program.js';

/** One node the launcher starts: its name and its program's arguments. */
export interface ClusterNode {
  readonly name: string;
  readonly args: readonly string[];
}

/** Options of {@link launchCluster}. */
export interface LaunchClusterOptions {
  /** What is being launched, for the first line (`event demo (seed 000)`). */
  readonly title: string;
  /** Absolute path of the demo's entry point (its `src/main.ts`). */
  readonly script: string;
  /** Free loopback ports needed per node (gossip, plus HTTP for discovery). @default 1 */
  readonly portsPerNode?: number;
  /** Ports to use when they are all free (the seeds' 7947, 7948, ...). */
  readonly preferredPorts?: readonly number[];
  /** The nodes, given the free ports (`portsPerNode` per node, node after node). */
  readonly nodes: (ports: readonly number[]) => readonly ClusterNode[];
  /** A line a node prints once it is up; the next node starts after it. */
  readonly readyPattern: RegExp;
  /**
   * The launcher's own command line: `[--any-ports] [--] [flags for every node]`. `--any-ports`
   * skips the preferred ports (tests use it, so they never contend for fixed ports).
   */
  readonly argv?: readonly string[];
  /** Output sink. @default stdout */
  readonly write?: (line: string) => void;
  /** Give up on a node that shows no ready line for this long (ms). @default 30000 */
  readonly readyTimeoutMs?: number;
  /** After Ctrl-C, SIGKILL nodes still running after this long (ms). @default 10000 */
  readonly stopTimeoutMs?: number;
}

interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  done: boolean;
  onLine: ((line: string) => void) | undefined;
}

/**
 * Start three (or more) demo processes on free loopback ports, one after the other (each joins
 * the first), print every line they write prefixed with the node's name, and on Ctrl-C (SIGINT or
 * SIGTERM) stop them all gracefully — a second Ctrl-C kills them — and return once none is left.
 * The nodes run in their own process groups, so a terminal's Ctrl-C reaches them once, through the
 * launcher, and they stop by themselves when the launcher's pipe to them closes.
 *
 * @param options - script, nodes, ready line.
 * @returns the exit code: 0 after a stop, 1 when a node failed to start.
 */
export async function launchCluster(options: LaunchClusterOptions): Promise<number> {
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const perNode = options.portsPerNode ?? 1;
  let extraArgs = [...(options.argv ?? [])];
  if (extraArgs[0] === '--') extraArgs = extraArgs.slice(1);
  const anyPorts = extraArgs[0] === '--any-ports';
  if (anyPorts) extraArgs = extraArgs.slice(1);
  if (extraArgs[0] === '--') extraArgs = extraArgs.slice(1);
  const ports = await findFreePorts(
    3 * perNode,
    '127.0.0.1',
    anyPorts ? [] : options.preferredPorts,
  );
  const nodes = options.nodes(ports);
  const width = Math.max('cluster'.length, ...nodes.map((n) => n.name.length));
  const say = (line: string): void => write(prefixLine('cluster', width, line));
  const running: Running[] = [];
  let stopping = false;
  let userStopped = false;
  let signals = 0;
  let resolveAllDone: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => {
    resolveAllDone = resolve;
  });
  const checkAllDone = (): void => {
    if (running.length === nodes.length && running.every((r) => r.done)) resolveAllDone();
  };

  const stopAll = (signal: NodeJS.Signals): void => {
    for (const r of running) if (!r.done) r.child.kill(signal);
  };
  const onSignal = (): void => {
    signals++;
    if (signals === 1) {
      stopping = true;
      say('stopping: SIGINT to every node (each leaves the cluster gracefully)');
      stopAll('SIGINT');
      setTimeout(() => {
        if (running.some((r) => !r.done)) say('still running: SIGKILL');
        stopAll('SIGKILL');
      }, options.stopTimeoutMs ?? 10_000).unref();
    } else {
      say('second Ctrl-C: SIGKILL');
      stopAll('SIGKILL');
    }
  };
  const onUserSignal = (): void => {
    userStopped = true;
    onSignal();
  };
  process.on('SIGINT', onUserSignal);
  process.on('SIGTERM', onUserSignal);

  say(`${options.title}: starting ${nodes.map((n) => n.name).join(', ')} on 127.0.0.1`);
  try {
    for (const node of nodes) {
      if (stopping) break;
      const args = [...node.args, ...extraArgs];
      const child = spawn(process.execPath, nodeArgs(options.script, args), {
        cwd: nodeCwd(options.script),
        env: { ...process.env, [LAUNCHED_ENV]: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      const r: Running = {
        name: node.name,
        child,
        done: false,
        onLine: undefined,
        exited: new Promise<void>((resolve) => {
          child.once('exit', (code, signal) => {
            r.done = true;
            say(
              `${node.name} exited (${signal !== null ? `killed by ${signal}` : `code ${code ?? 0}`})`,
            );
            resolve();
            checkAllDone();
          });
          child.once('error', (error) => {
            r.done = true;
            say(`${node.name} could not start: ${error.message}`);
            resolve();
            checkAllDone();
          });
        }),
      };
      running.push(r);
      for (const stream of [child.stdout, child.stderr]) {
        const splitter = new LineSplitter((line) => {
          write(prefixLine(node.name, width, line));
          r.onLine?.(line);
        });
        stream.on('data', (chunk: Buffer) => splitter.push(chunk));
        stream.on('end', () => splitter.end());
      }
      // A broken pipe to a node that already exited is not the launcher's problem.
      child.stdin.on('error', () => undefined);
      say(`${node.name} (pid ${child.pid ?? '?'}): ${basename(options.script)} ${args.join(' ')}`);
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), options.readyTimeoutMs ?? 30_000);
        r.onLine = (line) => {
          if (options.readyPattern.test(line)) {
            clearTimeout(timer);
            resolve(true);
          }
        };
        void r.exited.then(() => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      r.onLine = undefined;
      if (!ready) {
        // (Unless Ctrl-C already stopped everything: a second signal would mean SIGKILL.)
        if (!stopping) {
          say(`${node.name} did not start; stopping the others`);
          onSignal();
        }
        await Promise.all(running.map((x) => x.exited));
        return userStopped ? 0 : 1;
      }
    }
    if (!stopping)
      say(
        `all up. Ctrl-C stops every node. Try from another terminal: kill ${running[2]?.child.pid ?? ''} (graceful leave) or kill -9 ${running[1]?.child.pid ?? ''} (a failure)`,
      );
    await allDone;
    say('every node has stopped');
    return 0;
  } finally {
    process.off('SIGINT', onUserSignal);
    process.off('SIGTERM', onUserSignal);
    stopAll('SIGKILL');
  }
}
