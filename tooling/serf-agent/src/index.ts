/**
 * Test harness: real `serf agent` processes on 127.0.0.1 with port-0 gossip and RPC listeners
 * (found with `ss`), driven through the `serf` CLI. An event handler appends every user event and
 * answers every query, so tests can check what the agent received. Real processes and real time:
 * every wait has a deadline.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Wait until `cond()` is truthy, polling every 50 ms, or throw after `ms`. */
export async function waitFor<T>(
  what: string,
  cond: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: Error | undefined;
  for (;;) {
    try {
      const v = await cond();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e instanceof Error ? e : new Error(JSON.stringify(e));
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One member as `serf members -format=json` prints it. */
export interface AgentMember {
  name: string;
  addr: string;
  port: number;
  tags: Record<string, string>;
  status: string;
}

/** Options of {@link startAgent}. */
export interface AgentOptions {
  name: string;
  tags?: Record<string, string>;
  join?: string;
  /** Base64 key for `-encrypt`. */
  encrypt?: string;
}

const agents = new Set<SerfAgent>();

/** A running `serf agent`. */
export class SerfAgent {
  readonly log: string[] = [];
  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly address: string,
    readonly rpc: string,
    readonly dir: string,
  ) {}

  /** Run a `serf` CLI command against this agent (options before arguments, as Go's flag package wants). */
  async cli(cmd: string, ...args: string[]): Promise<string> {
    const { stdout } = await run('serf', [cmd, `-rpc-addr=${this.rpc}`, ...args], {
      timeout: 20_000,
    });
    return stdout;
  }

  /** `serf members` as JSON. */
  async members(): Promise<AgentMember[]> {
    return (JSON.parse(await this.cli('members', '-format=json')) as { members: AgentMember[] })
      .members;
  }

  /** `serf info`'s Serf counters (queue depths, Lamport times), as strings. */
  async serfInfo(): Promise<Record<string, string>> {
    return (JSON.parse(await this.cli('info', '-format=json')) as { serf: Record<string, string> })
      .serf;
  }

  /** Status of `name` in this agent's view. */
  async statusOf(name: string): Promise<string | undefined> {
    return (await this.members()).find((m) => m.name === name)?.status;
  }

  /** User events the handler received: `name ltime payload` lines. */
  userEvents(): string[] {
    const f = join(this.dir, 'events.log');
    return existsSync(f)
      ? readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  }

  /** Queries the handler answered: `name payload` lines. */
  queries(): string[] {
    const f = join(this.dir, 'queries.log');
    return existsSync(f)
      ? readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  }

  /** kill -9. */
  kill9(): void {
    this.proc.kill('SIGKILL');
  }

  /** Stop (SIGKILL; idempotent). */
  async stop(): Promise<void> {
    agents.delete(this);
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await exited;
  }
}

async function listeners(pid: number): Promise<{ tcp: number[]; udp: number[] }> {
  const ports = async (flag: string): Promise<number[]> => {
    const { stdout } = await run('ss', [flag, '-H']);
    return stdout
      .split('\n')
      .filter((l) => l.includes(`pid=${pid},`))
      .map((l) => Number(/127\.0\.0\.1:(\d+)/.exec(l)?.[1] ?? 'NaN'))
      .filter((p) => Number.isInteger(p));
  };
  return { tcp: await ports('-ltnp'), udp: await ports('-lunp') };
}

/** Start an agent on 127.0.0.1 with port-0 listeners; resolves once both ports are known. */
export async function startAgent(o: AgentOptions): Promise<SerfAgent> {
  const dir = mkdtempSync(join(tmpdir(), `serf-${o.name}-`));
  const args = [
    'agent',
    '-node',
    o.name,
    '-bind',
    '127.0.0.1:0',
    '-rpc-addr',
    '127.0.0.1:0',
    '-log-level',
    'debug',
    '-event-handler',
    `user=echo "$SERF_USER_EVENT $SERF_USER_LTIME $(cat)" >> ${dir}/events.log`,
    '-event-handler',
    `query=P=$(cat); echo "$SERF_QUERY_NAME $P" >> ${dir}/queries.log; printf "%s" "$SERF_SELF_NAME:$P"`,
  ];
  for (const [k, v] of Object.entries(o.tags ?? {})) args.push('-tag', `${k}=${v}`);
  if (o.join !== undefined) args.push('-join', o.join);
  if (o.encrypt !== undefined) args.push('-encrypt', o.encrypt);
  const proc = spawn('serf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const onData = (d: Buffer): void => {
    log.push(...d.toString().split('\n'));
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const pid = proc.pid!;
  const { gossip, rpc } = await waitFor(`agent ${o.name} listeners`, async () => {
    if (proc.exitCode !== null) throw new Error(`serf agent exited: ${log.join('\n')}`);
    const l = await listeners(pid);
    const gossipPort = l.tcp.find((p) => l.udp.includes(p));
    const rpcPort = l.tcp.find((p) => !l.udp.includes(p));
    return gossipPort !== undefined && rpcPort !== undefined
      ? { gossip: gossipPort, rpc: rpcPort }
      : undefined;
  });
  const agent = new SerfAgent(o.name, proc, `127.0.0.1:${gossip}`, `127.0.0.1:${rpc}`, dir);
  (agent as { log: string[] }).log.push(...log);
  proc.stdout.off('data', onData);
  proc.stderr.off('data', onData);
  const keep = (d: Buffer): void => {
    agent.log.push(...d.toString().split('\n'));
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  agents.add(agent);
  await waitFor(`agent ${o.name} RPC`, async () => (await agent.members()).length > 0);
  return agent;
}

/** Stop every agent started by this file's callers. */
export async function stopAllAgents(): Promise<void> {
  await Promise.all([...agents].map((a) => a.stop()));
}
