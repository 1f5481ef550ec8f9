import type { Clock, TimerHandle } from '../clock.js';
import { TransportError } from '../errors.js';

/** Options for {@link withTimeout}. */
export interface WithTimeoutOptions<T> {
  /** The clock whose timer bounds the task. */
  readonly clock: Clock;
  /** Reject with `ERR_TIMEOUT` after this many ms (> 0; `Infinity` for no limit). */
  readonly timeoutMs: number;
  /** Reject with `ERR_ABORTED` when this aborts. */
  readonly signal?: AbortSignal | undefined;
  /** Words for error messages, e.g. `dial 10.0.0.1:7946`. */
  readonly what: string;
  /**
   * Receives a result that arrived after the timeout/abort already rejected, so it can be disposed
   * (e.g. close a stream nobody will read).
   */
  readonly onLate?: (value: T) => void;
}

/**
 * Run `task` bounded by a timeout on `clock` and an optional `AbortSignal`. The task gets a signal
 * of its own that aborts (with the `TransportError` as reason) when the timeout fires or the caller
 * aborts, so it can release what it holds.
 *
 * @returns the task's result.
 * @throws TransportError `ERR_INVALID_OPTION` when `timeoutMs` is not a number > 0 (the task is not
 *   started), `ERR_TIMEOUT` or `ERR_ABORTED`; otherwise whatever the task rejects with.
 */
export function withTimeout<T>(
  options: WithTimeoutOptions<T>,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { clock, timeoutMs, signal, what, onLate } = options;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    return Promise.reject(
      new TransportError(
        'ERR_INVALID_OPTION',
        `${what}: timeoutMs must be a number > 0, got ${String(timeoutMs)}`,
      ),
    );
  }
  if (signal?.aborted === true) {
    return Promise.reject(
      new TransportError('ERR_ABORTED', `${what}: aborted`, { cause: signal.reason }),
    );
  }
  const inner = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let timer: TimerHandle | undefined;
    const finish = (): void => {
      done = true;
      timer?.cancel();
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: TransportError): void => {
      if (done) return;
      finish();
      inner.abort(error);
      reject(error);
    };
    function onAbort(): void {
      fail(new TransportError('ERR_ABORTED', `${what}: aborted`, { cause: signal?.reason }));
    }
    if (Number.isFinite(timeoutMs)) {
      timer = clock.setTimeout(() => {
        fail(new TransportError('ERR_TIMEOUT', `${what}: timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    task(inner.signal).then(
      (value) => {
        if (done) {
          onLate?.(value);
          return;
        }
        finish();
        resolve(value);
      },
      (error: unknown) => {
        if (done) return;
        finish();
        reject(
          error instanceof Error
            ? error
            : new TransportError('ERR_SEND', `${what}: ${String(error)}`),
        );
      },
    );
  });
}
