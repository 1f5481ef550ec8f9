/**
 * Test harness for the Go memberlist interop peer in `./go-peer` (hashicorp/memberlist 0.2.2 as
 * Debian ships it). It builds the peer once per source hash, spawns peers on 127.0.0.1, reads their
 * JSON events and sends them JSON commands. Real processes and real time: every wait has a deadline.
 *
 * @example
 * ```ts
 * afterEach(stopAllGoPeers);
 * const a = await startGoPeer({ name: 'a', ...GO_PEER_FAST_TIMING });
 * const b = await startGoPeer({ name: 'b', join: [a.address], ...GO_PEER_FAST_TIMING });
 * await a.waitFor(isJoinOf('b'));
 * ```
 *
 * @packageDocumentation
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RingError } from '@ring/transport';

/** Codes of {@link GoPeerError}. `GO_TOOLCHAIN_MISSING`: no `go` on PATH or no memberlist sources. */
export type GoPeerErrorCode =
  | 'GO_TOOLCHAIN_MISSING'
  | 'ERR_GO_BUILD'
  | 'ERR_PEER_START'
  | 'ERR_TIMEOUT'
  | 'ERR_PEER_EXITED'
  | 'ERR_COMMAND';

/** Every failure of the harness. Messages carry the peer's recent events and stderr tail. */
export class GoPeerError extends RingError<GoPeerErrorCode> {
  /**
   * @param code - stable code.
   * @param message - explanation, with diagnostics.
   * @param options - optional `cause`.
   */
  constructor(code: GoPeerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'GoPeerError';
  }
}

/** Where Debian installs Go sources (`golang-github-hashicorp-memberlist-dev`). Override: `RING_GOPATH`. */
export const DEFAULT_GOPATH = '/usr/share/gocode';
/** Fast timings for loopback tests (the `local` preset with a 200 ms probe interval). */
export const GO_PEER_FAST_TIMING = Object.freeze({
  probeIntervalMs: 200,
  probeTimeoutMs: 100,
  gossipIntervalMs: 50,
  pushPullIntervalMs: 2_000,
  suspicionMult: 3,
  tcpTimeoutMs: 1_000,
});

const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'go-peer');
const BUILD_TIMEOUT_MS = 170_000;
const STDERR_TAIL_BYTES = 8_192;

/** State of a member as memberlist tracks it. */
export type GoPeerState = 'alive' | 'suspect' | 'dead' | 'left';
/** A member as the Go peer prints it. `meta` is base64; `tags` is set when meta holds Serf tags. */
export interface GoPeerNode {
  name: string;
  addr: string;
  meta: string;
  state: GoPeerState;
  incarnation: number;
  /** `[pmin, pmax, pcur, dmin, dmax, dcur]`. */
  vsn: number[];
  tags?: Record<string, string>;
}
/** One line of the Go peer's stdout, plus the harness's own final `exit` event. */
export type GoPeerEvent =
  | {
      event: 'ready';
      name: string;
      addr: string;
      port: number;
      joined: number;
      config: Record<string, number | boolean>;
    }
  | (GoPeerNode & { event: 'join'; self?: true })
  | (GoPeerNode & { event: 'leave'; self?: true })
  | (GoPeerNode & { event: 'update'; self?: true })
  | { event: 'message'; payload: string }
  | { event: 'remote-state'; join: boolean; payload: string }
  | {
      event: 'members';
      id?: string;
      cmd: 'members';
      members: GoPeerNode[];
      numMembers: number;
      health: number;
    }
  | { event: 'ok'; id?: string; cmd: string; joined?: number; queued?: number }
  | { event: 'left'; id?: string }
  | { event: 'error'; error: string; id?: string; cmd?: string }
  | { event: 'exit'; code: number | null; signal: string | null };
/** A command line for the Go peer (see README.md); `id` is added by {@link GoPeer.command}. */
export type GoPeerCommand =
  | { cmd: 'members' }
  | { cmd: 'join'; addrs: readonly string[] }
  | { cmd: 'send'; to?: string; addr?: string; payload: string; reliable?: boolean }
  | { cmd: 'broadcast'; payload: string }
  | { cmd: 'meta'; tags?: Record<string, string>; meta?: string; timeoutMs?: number }
  | { cmd: 'state'; payload: string }
  | { cmd: 'leave'; timeoutMs?: number };
/** How a peer process ended. */
export interface GoPeerExit {
  code: number | null;
  signal: string | null;
}

/** Options of {@link startGoPeer}; timing fields override the preset (milliseconds). */
export interface GoPeerOptions {
  name: string;
  /** @default '127.0.0.1' */
  bind?: string;
  /** @default 0 (a free port, reported in `address`) */
  port?: number;
  /** Seeds joined before `ready`; startGoPeer rejects when none answers. */
  join?: readonly string[];
  /** @default 'local' */
  preset?: 'local' | 'lan' | 'wan';
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  gossipIntervalMs?: number;
  suspicionMult?: number;
  suspicionMaxTimeoutMult?: number;
  pushPullIntervalMs?: number;
  deadReclaimMs?: number;
  gossipToTheDeadMs?: number;
  tcpTimeoutMs?: number;
  retransmitMult?: number;
  indirectChecks?: number;
  /** Keyring, first = primary: raw keys (16, 24 or 32 bytes) or base64 strings. */
  keys?: readonly (Uint8Array | string)[];
  /** @default true */
  compression?: boolean;
  /** Raw node meta. Exclusive with `tags`. */
  meta?: Uint8Array | string;
  /** Node meta as Serf tags (0xFF + msgpack map). Exclusive with `meta`. */
  tags?: Record<string, string>;
  /** Application state sent in push-pull (LocalState). */
  state?: Uint8Array;
  /** Leave timeout used on SIGTERM. @default 5000 */
  leaveTimeoutMs?: number;
  /** Deadline for the ready event. @default 30000 */
  readyTimeoutMs?: number;
  /** Copy the peer's stderr (memberlist's log) to ours; also when `RING_GO_PEER_LOGS=1`. @default false */
  inheritLogs?: boolean;
  /** More flags for the Go program. */
  extraArgs?: readonly string[];
}

type Matcher<E extends GoPeerEvent> = ((e: GoPeerEvent) => e is E) | ((e: GoPeerEvent) => boolean);

/** Base64 of bytes or of a UTF-8 string. */
export function toBase64(data: Uint8Array | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data)).toString(
    'base64',
  );
}
/** Decodes a base64 `payload` or `meta` field. */
export function fromBase64(b64: string): Buffer {
  return Buffer.from(b64, 'base64');
}
/** Predicate: a `join` of the member `name`. */
export function isJoinOf(name: string) {
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'join' }> =>
    e.event === 'join' && e.name === name;
}
/** Predicate: a `leave` of `name`, optionally with the given state (`dead` after a crash, `left` after a leave). */
export function isLeaveOf(name: string, state?: 'dead' | 'left') {
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'leave' }> =>
    e.event === 'leave' && e.name === name && (state === undefined || e.state === state);
}
/** Predicate: an `update` of `name` (meta change). */
export function isUpdateOf(name: string) {
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'update' }> =>
    e.event === 'update' && e.name === name;
}
/** Predicate: a user `message` whose payload equals `payload` (bytes or UTF-8). */
export function isMessage(payload: Uint8Array | string) {
  const b64 = toBase64(payload);
  return (e: GoPeerEvent): e is Extract<GoPeerEvent, { event: 'message' }> =>
    e.event === 'message' && e.payload === b64;
}

function goEnv(gopath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOPATH: gopath,
    GO111MODULE: 'off',
    CGO_ENABLED: '0',
    GOFLAGS: '',
  };
  // `go` refuses to run without a build cache location; CI shells may have no HOME.
  if (env.GOCACHE === undefined && env.XDG_CACHE_HOME === undefined && env.HOME === undefined) {
    env.GOCACHE = join(tmpdir(), 'ring-go-build-cache');
  }
  return env;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number },
) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error)
          reject(Object.assign(new Error(error.message, { cause: error }), { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Hash of our Go sources, the toolchain version and the installed library sources we build against. */
async function sourceKey(goVersion: string, gopath: string): Promise<string> {
  const hash = createHash('sha256').update(goVersion).update(gopath);
  for (const file of (await readdir(SOURCE_DIR)).filter((f) => f.endsWith('.go')).sort()) {
    hash.update(file).update(await readFile(join(SOURCE_DIR, file)));
  }
  for (const lib of [
    'hashicorp/memberlist/state.go',
    'hashicorp/memberlist/memberlist.go',
    'hashicorp/go-msgpack/codec/msgpack.go',
  ]) {
    const s = await stat(join(gopath, 'src/github.com', lib));
    hash.update(`${lib}:${s.size}:${s.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/**
 * Builds the Go peer once per test process (and once per source hash across processes: the binary is
 * cached in `$RING_GO_PEER_CACHE`, default `<os.tmpdir()>/ring-go-peer/<hash>/go-peer`; a lock file
 * keeps parallel test workers from building twice). Resolves with the binary's path.
 *
 * @throws GoPeerError `GO_TOOLCHAIN_MISSING` when `go` is not on PATH or memberlist's sources are not
 *   under `$RING_GOPATH` (default `/usr/share/gocode`); `ERR_GO_BUILD` when the build fails.
 */
export function ensureGoPeerBuilt(): Promise<string> {
  built ??= buildGoPeer().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

/**
 * Checks that the Go toolchain and the memberlist sources the peer builds against are installed;
 * resolves with `go version`'s output.
 *
 * @param options - `gopath` (default `$RING_GOPATH` or `/usr/share/gocode`), `path` (default `$PATH`).
 * @throws GoPeerError `GO_TOOLCHAIN_MISSING` naming what is missing and how to install it.
 */
export async function checkGoToolchain(
  options: { gopath?: string; path?: string } = {},
): Promise<string> {
  const gopath = options.gopath ?? process.env.RING_GOPATH ?? DEFAULT_GOPATH;
  const env = goEnv(gopath);
  if (options.path !== undefined) env.PATH = options.path;
  const hint =
    'install them with: apt-get install golang-go golang-github-hashicorp-memberlist-dev';
  let goVersion: string;
  try {
    goVersion = (await run('go', ['version'], { env, timeoutMs: 30_000 })).stdout.trim();
  } catch (cause) {
    throw new GoPeerError(
      'GO_TOOLCHAIN_MISSING',
      `the Go toolchain is missing (\`go version\` failed); ${hint}`,
      { cause },
    );
  }
  for (const lib of [
    'hashicorp/memberlist/memberlist.go',
    'hashicorp/go-msgpack/codec/msgpack.go',
  ]) {
    if (!(await exists(join(gopath, 'src/github.com', lib)))) {
      throw new GoPeerError(
        'GO_TOOLCHAIN_MISSING',
        `Go sources missing: ${join(gopath, 'src/github.com', lib)}; ${hint}`,
      );
    }
  }
  return goVersion;
}

async function buildGoPeer(): Promise<string> {
  const gopath = process.env.RING_GOPATH ?? DEFAULT_GOPATH;
  const env = goEnv(gopath);
  const goVersion = await checkGoToolchain({ gopath });
  const dir = join(
    process.env.RING_GO_PEER_CACHE ?? join(tmpdir(), 'ring-go-peer'),
    await sourceKey(goVersion, gopath),
  );
  const binary = join(dir, 'go-peer');
  await mkdir(dir, { recursive: true });
  const lock = `${binary}.lock`;
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!(await exists(binary))) {
    const handle = await open(lock, 'wx').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        if (!(await exists(binary))) await goBuild(binary, env);
      } finally {
        await handle.close();
        await rm(lock, { force: true });
      }
      break;
    }
    // Another test worker is building: wait for its binary, or take over a lock it abandoned.
    const lockAge = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (lockAge > BUILD_TIMEOUT_MS) await rm(lock, { force: true });
    if (Date.now() > deadline)
      throw new GoPeerError(
        'ERR_GO_BUILD',
        `timed out waiting for another process to build ${binary}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
  return binary;
}

async function goBuild(binary: string, env: NodeJS.ProcessEnv): Promise<void> {
  const partial = `${binary}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await run('go', ['build', '-o', partial, '.'], {
      cwd: SOURCE_DIR,
      env,
      timeoutMs: BUILD_TIMEOUT_MS,
    });
  } catch (cause) {
    await rm(partial, { force: true });
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    throw new GoPeerError('ERR_GO_BUILD', `go build of ${SOURCE_DIR} failed:\n${stderr}`, {
      cause,
    });
  }
  await rename(partial, binary);
}

function peerArgs(o: GoPeerOptions): string[] {
  const args = [
    '-name',
    o.name,
    '-bind',
    o.bind ?? '127.0.0.1',
    '-port',
    String(o.port ?? 0),
    '-preset',
    o.preset ?? 'local',
  ];
  const flags: [string, number | undefined][] = [
    ['probe-interval-ms', o.probeIntervalMs],
    ['probe-timeout-ms', o.probeTimeoutMs],
    ['gossip-interval-ms', o.gossipIntervalMs],
    ['suspicion-mult', o.suspicionMult],
    ['suspicion-max-timeout-mult', o.suspicionMaxTimeoutMult],
    ['pushpull-interval-ms', o.pushPullIntervalMs],
    ['dead-reclaim-ms', o.deadReclaimMs],
    ['gossip-to-the-dead-ms', o.gossipToTheDeadMs],
    ['tcp-timeout-ms', o.tcpTimeoutMs],
    ['retransmit-mult', o.retransmitMult],
    ['indirect-checks', o.indirectChecks],
    ['leave-timeout-ms', o.leaveTimeoutMs],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(`-${flag}`, String(value));
  if (o.join && o.join.length > 0) args.push('-join', o.join.join(','));
  if (o.keys && o.keys.length > 0)
    args.push('-keys', o.keys.map((k) => (typeof k === 'string' ? k : toBase64(k))).join(','));
  if (o.compression !== undefined) args.push(`-compression=${o.compression}`);
  if (o.meta !== undefined) args.push('-meta-b64', toBase64(o.meta));
  if (o.tags !== undefined) args.push('-tags-json', JSON.stringify(o.tags));
  if (o.state !== undefined) args.push('-state-b64', toBase64(o.state));
  return [...args, ...(o.extraArgs ?? [])];
}

const livePeers = new Set<GoPeer>();
let exitHookInstalled = false;

/** Stops (SIGKILL) every peer this process started and still runs. Use as `afterEach(stopAllGoPeers)`. */
export async function stopAllGoPeers(): Promise<void> {
  await Promise.all([...livePeers].map((p) => p.stop()));
}

/**
 * Builds (once) and starts a Go peer, resolving when it printed `ready` (and joined `join`, if given).
 *
 * @throws GoPeerError `GO_TOOLCHAIN_MISSING`/`ERR_GO_BUILD` (see {@link ensureGoPeerBuilt}); `ERR_PEER_START`
 *   when it exits, reports an error or misses the deadline before ready, or joins none of `join`.
 */
export async function startGoPeer(options: GoPeerOptions): Promise<GoPeer> {
  const binary = await ensureGoPeerBuilt();
  const inherit = options.inheritLogs ?? process.env.RING_GO_PEER_LOGS === '1';
  const child = spawn(binary, peerArgs(options), { stdio: ['pipe', 'pipe', 'pipe'] });
  const peer = new GoPeer(options.name, child, inherit);
  try {
    const ready = await peer.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'ready' }> => e.event === 'ready',
      options.readyTimeoutMs ?? 30_000,
    );
    const joinError = peer.events.find((e) => e.event === 'error');
    if (options.join && options.join.length > 0 && ready.joined === 0) {
      throw new GoPeerError(
        'ERR_PEER_START',
        `${options.name} joined none of ${options.join.join(', ')}: ${joinError?.event === 'error' ? joinError.error : '?'}`,
      );
    }
    peer.setReady(ready);
    return peer;
  } catch (cause) {
    await peer.stop();
    if (cause instanceof GoPeerError && cause.code === 'ERR_PEER_START') throw cause;
    throw new GoPeerError(
      'ERR_PEER_START',
      `Go peer ${options.name} did not start: ${(cause as Error).message}`,
      { cause },
    );
  }
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
