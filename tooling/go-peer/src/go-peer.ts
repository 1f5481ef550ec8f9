import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { GoPeerError } from './errors.js';
import {
  toBase64,
  type GoPeerCommand,
  type GoPeerEvent,
  type GoPeerExit,
  type GoPeerNode,
  type Matcher,
} from './events.js';

const STDERR_TAIL_BYTES = 8_192;

const livePeers = new Set<GoPeer>();
let exitHookInstalled = false;

/** Stops (SIGKILL) every peer this process started and still runs. Use as `afterEach(stopAllGoPeers)`. */
export async function stopAllGoPeers(): Promise<void> {
  await Promise.all([...livePeers].map((p) => p.stop()));
}

/** A running Go memberlist peer. Create with {@link startGoPeer}. */
export class GoPeer {
  /** Every event seen so far, in order; also async-iterable (replays from the start, ends after `exit`). */
  readonly events: readonly GoPeerEvent[] & AsyncIterable<GoPeerEvent>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<GoPeerExit>;
  #ready: Extract<GoPeerEvent, { event: 'ready' }> | undefined;
  readonly #log: GoPeerEvent[] = [];
  readonly #listeners = new Set<() => void>();
  #stderr = '';
  #exit: GoPeerExit | undefined;
  #nextId = 0;

  /** @internal */
  constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
    inheritLogs: boolean,
  ) {
    this.events = Object.assign(this.#log, { [Symbol.asyncIterator]: () => this.#iterate() });
    livePeers.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const p of livePeers) p.child.kill('SIGKILL');
      });
    }
    child.stdin.on('error', () => undefined); // EPIPE after exit: the exit event reports it
    child.stderr.on('data', (chunk: Buffer) => {
      if (inheritLogs) process.stderr.write(chunk);
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let e: GoPeerEvent;
      try {
        e = JSON.parse(line) as GoPeerEvent;
        if (typeof (e as { event?: unknown }).event !== 'string')
          throw new Error('no "event" field');
      } catch (error) {
        e = {
          event: 'error',
          error: `non-JSON stdout line ${JSON.stringify(line)}: ${String(error)}`,
        };
      }
      this.#push(e);
    });
    this.exited = new Promise((resolve) => {
      // 'close' fires after stdout is drained, so `exit` is always the last event.
      child.once('close', (code, signal) => {
        livePeers.delete(this);
        this.#exit = { code, signal };
        this.#push({ event: 'exit', code, signal });
        resolve(this.#exit);
      });
    });
  }

  /** @internal */
  setReady(ready: Extract<GoPeerEvent, { event: 'ready' }>): void {
    this.#ready = ready;
  }

  /** The ready event: real bound `addr` and `port`, effective timing in `config`. */
  get ready(): Extract<GoPeerEvent, { event: 'ready' }> {
    if (!this.#ready) throw new GoPeerError('ERR_PEER_START', `${this.name} is not ready`);
    return this.#ready;
  }
  /** `host:port` to join or send to, e.g. `127.0.0.1:41234`. */
  get address(): string {
    return `${this.ready.addr}:${this.ready.port}`;
  }
  /** The bound port. */
  get port(): number {
    return this.ready.port;
  }
  /** OS process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }
  /** True until the process has exited. */
  get running(): boolean {
    return this.#exit === undefined;
  }
  /** The last few kB of the peer's stderr (memberlist's log). */
  stderr(): string {
    return this.#stderr;
  }

  #push(e: GoPeerEvent): void {
    this.#log.push(e);
    for (const listener of [...this.#listeners]) listener();
  }

  async *#iterate(): AsyncGenerator<GoPeerEvent> {
    for (let i = 0; ; i++) {
      while (i >= this.#log.length) {
        if (this.#exit && i >= this.#log.length) return;
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.#listeners.delete(wake);
            resolve();
          };
          this.#listeners.add(wake);
        });
      }
      yield this.#log[i]!;
    }
  }

  #describe(): string {
    const recent = this.#log.slice(-15).map((e) => `  ${JSON.stringify(e)}`);
    return `\nlast events of ${this.name}:\n${recent.join('\n')}\nstderr tail:\n${this.#stderr.slice(-2_000)}`;
  }

  /**
   * Resolves with the first event at index ≥ `since` (default 0: events already seen count) that
   * matches, waiting at most `timeoutMs`.
   *
   * @throws GoPeerError `ERR_TIMEOUT`; `ERR_PEER_EXITED` when the process exits first.
   */
  waitFor<E extends GoPeerEvent>(
    match: Matcher<E>,
    timeoutMs = 10_000,
    options: { since?: number } = {},
  ): Promise<E> {
    return this.waitUntil(
      () => this.#log.slice(options.since ?? 0).find(match) as E | undefined,
      timeoutMs,
      'a matching event',
    );
  }

  /**
   * Resolves with `check()`'s first non-undefined result, re-checked after every event.
   *
   * @throws GoPeerError `ERR_TIMEOUT`; `ERR_PEER_EXITED` when the process exits first.
   */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let scanned = -1;
      const finish = (error: GoPeerError | undefined, value?: T) => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
        if (error) reject(error);
        else resolve(value as T);
      };
      const listener = () => {
        if (scanned === this.#log.length) return;
        scanned = this.#log.length;
        const value = check();
        if (value !== undefined) finish(undefined, value);
        else if (this.#exit)
          finish(
            new GoPeerError(
              'ERR_PEER_EXITED',
              `${this.name} exited (${JSON.stringify(this.#exit)}) before ${what}${this.#describe()}`,
            ),
          );
      };
      const timer = setTimeout(() => {
        finish(
          new GoPeerError(
            'ERR_TIMEOUT',
            `${this.name}: no ${what} within ${timeoutMs} ms${this.#describe()}`,
          ),
        );
      }, timeoutMs);
      this.#listeners.add(listener);
      listener();
    });
  }

  /**
   * Members as the events tell them: `join`/`update` set a member, `leave` removes it. Includes itself.
   */
  view(): Map<string, GoPeerNode> {
    const members = new Map<string, GoPeerNode>();
    for (const e of this.#log) {
      if (e.event === 'join' || e.event === 'update') members.set(e.name, e);
      else if (e.event === 'leave') members.delete(e.name);
    }
    return members;
  }

  /** Waits until {@link GoPeer.view} holds all `names`. @throws GoPeerError `ERR_TIMEOUT`, `ERR_PEER_EXITED`. */
  async waitForMembers(
    names: readonly string[],
    timeoutMs = 10_000,
  ): Promise<Map<string, GoPeerNode>> {
    return this.waitUntil(
      () => {
        const view = this.view();
        return names.every((n) => view.has(n)) ? view : undefined;
      },
      timeoutMs,
      `view holding ${names.join(', ')}`,
    );
  }

  /**
   * Sends a command and resolves with its reply (`ok`, `members` or `left`).
   *
   * @throws GoPeerError `ERR_COMMAND` when the peer answers with an error; `ERR_TIMEOUT`; `ERR_PEER_EXITED`.
   */
  async command(command: GoPeerCommand, timeoutMs = 15_000): Promise<GoPeerEvent> {
    if (this.#exit)
      throw new GoPeerError(
        'ERR_PEER_EXITED',
        `${this.name} has exited; cannot run ${command.cmd}`,
      );
    const id = `c${++this.#nextId}`;
    const since = this.#log.length;
    this.child.stdin.write(`${JSON.stringify({ ...command, id })}\n`);
    const reply = await this.waitFor((e) => 'id' in e && e.id === id, timeoutMs, { since });
    if (reply.event === 'error')
      throw new GoPeerError('ERR_COMMAND', `${this.name}: ${command.cmd} failed: ${reply.error}`);
    return reply;
  }

  /** Live members (alive and suspect) from memberlist's `Members()`, itself included. */
  async members(): Promise<GoPeerNode[]> {
    const reply = await this.command({ cmd: 'members' });
    return reply.event === 'members' ? reply.members : [];
  }

  /** Joins seeds; resolves with how many answered. @throws GoPeerError `ERR_COMMAND` when none did. */
  async join(addrs: readonly string[]): Promise<number> {
    const reply = await this.command({ cmd: 'join', addrs });
    return reply.event === 'ok' ? (reply.joined ?? 0) : 0;
  }

  /** A user message to member `to`: best effort (UDP packet) or reliable (TCP stream). */
  async send(
    to: string,
    payload: Uint8Array | string,
    options: { reliable?: boolean } = {},
  ): Promise<void> {
    await this.command({
      cmd: 'send',
      to,
      payload: toBase64(payload),
      reliable: options.reliable ?? false,
    });
  }

  /** Queues a user broadcast, piggybacked on gossip by memberlist. */
  async broadcast(payload: Uint8Array | string): Promise<void> {
    await this.command({ cmd: 'broadcast', payload: toBase64(payload) });
  }

  /** Replaces the node meta with Serf tags (or raw bytes) and waits for memberlist's UpdateNode. */
  async setMeta(meta: Record<string, string> | Uint8Array, timeoutMs = 5_000): Promise<void> {
    const body = meta instanceof Uint8Array ? { meta: toBase64(meta) } : { tags: meta };
    await this.command({ cmd: 'meta', ...body, timeoutMs }, timeoutMs + 5_000);
  }

  /**
   * Leaves gracefully (waiting up to `timeoutMs` for the leave broadcast) and resolves when the process
   * has exited.
   *
   * @throws GoPeerError `ERR_PEER_EXITED` when it exits with a code other than 0.
   */
  async leave(timeoutMs = 5_000): Promise<GoPeerExit> {
    await this.command({ cmd: 'leave', timeoutMs }, timeoutMs + 10_000);
    const exit = await this.exited;
    if (exit.code !== 0)
      throw new GoPeerError(
        'ERR_PEER_EXITED',
        `${this.name} exited with ${JSON.stringify(exit)} after leave${this.#describe()}`,
      );
    return exit;
  }

  /** Crashes the peer: it exits at once without leaving (the `kill` command, SIGKILL as fallback). */
  async kill(): Promise<GoPeerExit> {
    if (this.#exit) return this.#exit;
    this.child.stdin.write('{"cmd":"kill"}\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** Ends the process (SIGKILL) if it still runs. Idempotent; safe in `afterEach`. */
  async stop(): Promise<void> {
    if (this.#exit) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
