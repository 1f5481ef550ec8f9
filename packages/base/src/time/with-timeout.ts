import type { Clock, TimerHandle } from './clock.js';
import { RingError, type RingErrorOptions } from '../errors/ring-error.js';

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
  /**
   * Builds the errors `withTimeout` raises itself, so a package can raise its own `RingError`
   * subclass (the transports raise `TransportError`). Default: a plain {@link RingError}.
   */
  readonly createError?: (
    code: WithTimeoutErrorCode,
    message: string,
    options?: RingErrorOptions,
  ) => RingError;
}

/** The codes of the errors {@link withTimeout} raises itself. */
export type WithTimeoutErrorCode =
  'ERR_INVALID_OPTION' | 'ERR_TIMEOUT' | 'ERR_ABORTED' | 'ERR_SEND';

function defaultError(
  code: WithTimeoutErrorCode,
  message: string,
  options?: RingErrorOptions,
): RingError {
  return new RingError(code, message, options);
}

/**
 * Run `task` bounded by a timeout on `clock` and an optional `AbortSignal`. The task gets a signal
 * of its own that aborts (with the error as reason) when the timeout fires or the caller
 * aborts, so it can release what it holds.
 *
 * @returns the task's result.
 * @throws RingError `ERR_INVALID_OPTION` when `timeoutMs` is not a number > 0 (the task is not
 *   started), `ERR_TIMEOUT` or `ERR_ABORTED`; otherwise whatever the task rejects with.
 */
export function withTimeout<T>(
  options: WithTimeoutOptions<T>,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { clock, timeoutMs, signal, what, onLate } = options;
  const error = options.createError ?? defaultError;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    return Promise.reject(
      error(
        'ERR_INVALID_OPTION',
        `${what}: timeoutMs must be a number > 0, got ${String(timeoutMs)}`,
      ),
    );
  }
  if (signal?.aborted === true) {
    return Promise.reject(error('ERR_ABORTED', `${what}: aborted`, { cause: signal.reason }));
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
    const fail = (reason: RingError): void => {
      if (done) return;
      finish();
      inner.abort(reason);
      reject(reason);
    };
    function onAbort(): void {
      fail(error('ERR_ABORTED', `${what}: aborted`, { cause: signal?.reason }));
    }
    if (Number.isFinite(timeoutMs)) {
      timer = clock.setTimeout(() => {
        fail(error('ERR_TIMEOUT', `${what}: timed out after ${timeoutMs} ms`));
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
      (failure: unknown) => {
        if (done) return;
        finish();
        reject(
          failure instanceof Error ? failure : error('ERR_SEND', `${what}: ${String(failure)}`),
        );
      },
    );
  });
}
