/**
 * Cluster members running inside the chaos namespaces: real `ring-node --json` processes and Go
 * memberlist peers (the `@ring/go-peer` test tooling), both started with `ip netns exec`, both reduced to
 * one view: what this member currently believes about every other member, and a timeline of the
 * changes with wall-clock times.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// Test code only: the Go peer harness is swim's test helper, not a package export.
import { GoPeer, ensureGoPeerBuilt } from '@ring/go-peer';
import type { GoPeerEvent } from '@ring/go-peer';
import type { Host } from './netns.js';

const BIN = fileURLToPath(new URL('../../bin/ring-node.cjs', import.meta.url));

/**
 * How to start `ring-node`: the ONE place that knows. The bin, which runs the built bundle
 * (`dist/ring-node.cjs`, made by the suite's global setup) in its own process, so signals such as
 * SIGSTOP reach the node itself — as in production.
 */
export function ringNodeCommand(): { file: string; args: string[] } {
  return { file: process.execPath, args: [BIN] };
}

/** What a member believes about another one. */
export type SeenState = 'alive' | 'suspect' | 'dead' | 'left';

/** One change in a member's view. */
export interface ViewChange {
  /** Wall-clock ms when the test process read it. */
  readonly at: number;
  readonly name: string;
  readonly state: SeenState;
  readonly addr?: string;
}

const live = new Set<Member>();

/** Every member process still running (for cleanup). */
export function runningMembers(): Member[] {
  return [...live];
}

/** A process in a namespace that reports membership changes. */
export abstract class Member {
  readonly name: string;
  readonly host: Host;
  readonly timeline: ViewChange[] = [];
  readonly #view = new Map<string, { state: SeenState; addr?: string }>();
  #stderr = '';
  #exited = false;
  /** How the process ended (`code`/`signal`), once it has. */
  exitInfo: string | undefined;
  readonly exit: Promise<number | null>;
  readonly child: ChildProcess;

  protected constructor(name: string, host: Host, child: ChildProcess) {
    this.name = name;
    this.host = host;
    this.child = child;
    live.add(this);
    child.stderr?.on('data', (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-8_000);
    });
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exited = true;
        this.exitInfo = `code ${code}, signal ${signal} at ${new Date().toISOString()}`;
        live.delete(this);
        resolve(code);
      });
    });
  }

  /** The member's gossip address. */
  get address(): string {
    return `${this.host.ip}:7946`;
  }

  get running(): boolean {
    return !this.#exited;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  stderr(): string {
    return this.#stderr;
  }

  protected see(name: string, state: SeenState, addr?: string): void {
    if (name === this.name) return;
    const before = this.#view.get(name);
    const nextAddr = addr ?? before?.addr;
    if (before?.state === state && before.addr === nextAddr) return;
    const change = { state, ...(nextAddr === undefined ? {} : { addr: nextAddr }) };
    this.#view.set(name, change);
    this.timeline.push({ at: Date.now(), name, ...change });
  }

  /** What this member believes now (others only). */
  view(): ReadonlyMap<string, { state: SeenState; addr?: string }> {
    return this.#view;
  }

  /** Names this member believes alive (itself excluded). */
  alive(): string[] {
    return [...this.#view]
      .filter(([, v]) => v.state === 'alive')
      .map(([n]) => n)
      .sort();
  }

  /** Send a signal to the process itself (SIGSTOP/SIGCONT/SIGKILL/SIGTERM). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGKILL and wait for the exit. */
  async kill(): Promise<void> {
    this.signal('SIGCONT');
    this.signal('SIGKILL');
    await this.exit;
  }
}

/** A `ring-node --json` process. */
export class RingMember extends Member {
  readonly lines: Record<string, unknown>[] = [];

  private constructor(name: string, host: Host, child: ChildProcess) {
    super(name, host, child);
    if (child.stdout === null) throw new Error('no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      let l: Record<string, unknown>;
      try {
        l = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      this.lines.push(l);
      const who = typeof l.name === 'string' ? l.name : '';
      if (l.event === 'join') this.see(who, 'alive', String(l.addr));
      else if (l.event === 'update') this.see(who, l.state === 'suspect' ? 'suspect' : 'alive');
      else if (l.event === 'leave') this.see(who, l.state === 'left' ? 'left' : 'dead');
    });
  }

  /**
   * Start `ring-node --json` in `host`'s namespace, gossip on `<ip>:7946`, HTTP off, preset `lan`.
   *
   * @param extra - more flags (`--join`, `--impair`, `--tags`…).
   */
  static start(name: string, host: Host, extra: readonly string[]): RingMember {
    const { file, args } = ringNodeCommand();
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        host.ns,
        file,
        ...args,
        '--name',
        name,
        '--bind',
        `${host.ip}:7946`,
        '--http',
        'off',
        '--json',
        '--preset',
        'lan',
        '--log-level',
        'warn',
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new RingMember(name, host, child);
  }

  /** Whether the node printed `ready` (it joined a seed or started alone). */
  get ready(): boolean {
    return this.lines.some((l) => l.event === 'ready');
  }
}

/** A Go hashicorp/memberlist 0.2.2 peer (the `@ring/go-peer` test tooling). */
export class GoMember extends Member {
  readonly peer: GoPeer;

  private constructor(name: string, host: Host, child: ChildProcess, peer: GoPeer) {
    super(name, host, child);
    this.peer = peer;
    void (async () => {
      for await (const e of peer.events) this.#apply(e);
    })();
  }

  #apply(e: GoPeerEvent): void {
    if (e.event !== 'join' && e.event !== 'update' && e.event !== 'leave') return;
    if (e.self === true) return;
    const state: SeenState =
      e.event === 'leave'
        ? e.state === 'left'
          ? 'left'
          : 'dead'
        : e.state === 'suspect'
          ? 'suspect'
          : 'alive';
    this.see(e.name, state, e.addr);
  }

  /**
   * Start the Go peer in `host`'s namespace on `<ip>:7946` with memberlist's LAN timing.
   *
   * @param join - seeds (`ip:port`).
   */
  static async start(name: string, host: Host, join: readonly string[]): Promise<GoMember> {
    const binary = await ensureGoPeerBuilt();
    const args = ['-name', name, '-bind', host.ip, '-port', '7946', '-preset', 'lan'];
    if (join.length > 0) args.push('-join', join.join(','));
    const child = spawn('ip', ['netns', 'exec', host.ns, binary, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const peer = new GoPeer(name, child, false);
    const member = new GoMember(name, host, child, peer);
    const ready = await peer.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'ready' }> => e.event === 'ready',
      30_000,
    );
    peer.setReady(ready);
    return member;
  }
}
