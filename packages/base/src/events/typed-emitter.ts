/** Listener signatures by event name (an interface of methods-as-properties fits). */
export type EventMap<E> = { [K in keyof E]: (...args: never[]) => void };

/**
 * A small typed event emitter (the package is pure and portable, so it does not use `node:events`).
 *
 * Listeners run synchronously in registration order. A listener that throws never interrupts the
 * emitter's owner or the other listeners: the error goes to `onListenerError`, given at
 * construction.
 *
 * @typeParam E - event name → listener signature.
 */
export class TypedEmitter<E extends EventMap<E>> {
  private readonly listeners = new Map<keyof E, { fn: E[keyof E]; once: boolean }[]>();
  private readonly onListenerError: (error: unknown) => void;

  /**
   * @param onListenerError - receives whatever a listener throws.
   */
  constructor(onListenerError: (error: unknown) => void) {
    this.onListenerError = onListenerError;
  }

  /**
   * Add a listener.
   *
   * @param event - event name.
   * @param fn - listener.
   * @returns this, for chaining.
   */
  on<K extends keyof E>(event: K, fn: E[K]): this {
    const list = this.listeners.get(event) ?? [];
    list.push({ fn, once: false });
    this.listeners.set(event, list);
    return this;
  }

  /**
   * Add a listener that is removed after its first call.
   *
   * @param event - event name.
   * @param fn - listener.
   * @returns this, for chaining.
   */
  once<K extends keyof E>(event: K, fn: E[K]): this {
    const list = this.listeners.get(event) ?? [];
    list.push({ fn, once: true });
    this.listeners.set(event, list);
    return this;
  }

  /**
   * Remove a listener (the most recently added registration of `fn`).
   *
   * @param event - event name.
   * @param fn - listener.
   * @returns this, for chaining.
   */
  off<K extends keyof E>(event: K, fn: E[K]): this {
    const list = this.listeners.get(event);
    if (list === undefined) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]!.fn === fn) {
        list.splice(i, 1);
        break;
      }
    }
    return this;
  }

  /**
   * Number of listeners for an event.
   *
   * @param event - event name.
   */
  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /**
   * Call every listener of `event` with `args`.
   *
   * @param event - event name.
   * @param args - listener arguments.
   */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const list = this.listeners.get(event);
    if (list === undefined || list.length === 0) return;
    for (const entry of [...list]) {
      if (entry.once) {
        // Remove this very registration: off(fn) would take the newest one of the same function.
        const i = list.indexOf(entry);
        if (i >= 0) list.splice(i, 1);
      }
      try {
        (entry.fn as (...a: Parameters<E[K]>) => void)(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Remove every listener. */
  removeAllListeners(): void {
    this.listeners.clear();
  }
}
