import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { LineSplitter } from '../launch/line-splitter.js';
import { nodeArgs, nodeCwd } from '../launch/node-command.js';

/** How a demo process ended. */
export interface DemoExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One line a demo process printed. */
export interface DemoLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

const live = new Set<DemoProcess>();

/**
 * A demo program running in its own process (`node --conditions=@ring/source --import tsx`), its
 * output collected line by line, for tests that drive real multi-process clusters. Every process
 * started is tracked; {@link killAllDemoProcesses} (in `afterEach`) leaves none behind.
 */
export class DemoProcess {
  /** Every line printed so far, stdout and stderr, in arrival order. */
  readonly lines: DemoLine[] = [];
  /** Settles when the process has exited. */
  readonly exited: Promise<DemoExit>;
  readonly #child: ChildProcess;
  readonly #label: string;
  readonly #waiters = new Set<() => void>();
  #exit: DemoExit | undefined;

  private constructor(script: string, args: readonly string[], label: string) {
    this.#label = label;
    this.#child = spawn(process.execPath, nodeArgs(script, args), {
      cwd: nodeCwd(script),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this);
    for (const stream of ['stdout', 'stderr'] as const) {
      const splitter = new LineSplitter((text) => {
        this.lines.push({ stream, text });
        for (const w of [...this.#waiters]) w();
      });
      this.#child[stream]!.on('data', (chunk: Buffer) => splitter.push(chunk));
      this.#child[stream]!.on('end', () => splitter.end());
    }
    this.exited = new Promise<DemoExit>((resolve) => {
      this.#child.once('close', (code, signal) => {
        this.#exit = { code, signal };
        live.delete(this);
        resolve(this.#exit);
        for (const w of [...this.#waiters]) w();
      });
    });
  }

  /**
   * Start `script` with `args`.
   *
   * @param script - absolute path of a demo's `src/main.ts`.
   * @param args - its arguments.
   * @param label - name used in failure messages. @default the `--name` argument
   */
  static start(script: string, args: readonly string[], label?: string): DemoProcess {
    const named = args.indexOf('--name');
    return new DemoProcess(script, args, label ?? (named >= 0 ? args[named + 1]! : script));
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid!;
  }

  /** Whether it is still running. */
  get running(): boolean {
    return this.#exit === undefined;
  }

  /** The text of every line printed so far (both streams). */
  get texts(): string[] {
    return this.lines.map((l) => l.text);
  }

  /**
   * Wait for a line matching `pattern` at index `from` or later (already printed or still to come).
   *
   * @param pattern - what to look for: a RegExp, or any {@link LineMatcher} (e.g. "a value of at
   *   least 3", which no single RegExp says well).
   * @param options - `from`: first line index to look at (default 0); `timeoutMs` (default 20000).
   * @returns the match and the line's index.
   * @throws Error when the process exits or the deadline passes first, with everything it printed.
   */
  waitForLine(
    pattern: LineMatcher,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<{ match: RegExpExecArray; index: number }> {
    const from = options.from ?? 0;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        for (let i = from; i < this.lines.length; i++) {
          const match = pattern.exec(this.lines[i]!.text);
          if (match !== null) {
            finish();
            resolve({ match, index: i });
            return;
          }
        }
        if (this.#exit !== undefined) {
          finish();
          reject(
            this.#failure(
              `exited (${JSON.stringify(this.#exit)}) before printing ${pattern.toString()}`,
            ),
          );
        }
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          this.#failure(
            `printed no line matching ${pattern.toString()} within ${options.timeoutMs ?? 20_000} ms`,
          ),
        );
      }, options.timeoutMs ?? 20_000);
      this.#waiters.add(check);
      check();
    });
  }

  /**
   * Send a signal (e.g. `SIGINT` for a graceful stop, `SIGKILL` for a crash).
   *
   * @param signal - the signal.
   */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }

  /** SIGKILL it if it still runs, and wait until it is gone. */
  async kill(): Promise<DemoExit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  #failure(what: string): Error {
    const output = this.lines
      .map((l) => `  ${l.stream === 'stderr' ? '!' : ' '} ${l.text}`)
      .join('\n');
    return new Error(`${this.#label} ${what}; it printed:\n${output}`);
  }
}

/**
 * What {@link DemoProcess.waitForLine} looks for: `exec` answers a match or `null` for one line's
 * text (a RegExp is one), and `toString()` names it in the timeout error.
 */
export interface LineMatcher {
  exec(text: string): RegExpExecArray | null;
  toString(): string;
}

/** SIGKILL every demo process still running and wait for each to exit (use in `afterEach`). */
export async function killAllDemoProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill()));
}

/**
 * True when a process with this id still exists (signal 0 probes without signalling).
 *
 * @param pid - a process id.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
