/**
 * Server-Sent Events, both sides, in one place: `ring-node`'s `GET /v1/events` writes them
 * ({@link startSse}, {@link formatSse}); the discovery demo's subscriber and the tests read them
 * ({@link SseParser}). Its own entry point, `@ring/demo-kit/sse`, so the ring-node bundle takes
 * this file and nothing else of the demo kit.
 *
 * @packageDocumentation
 */
import type { ServerResponse } from 'node:http';

/**
 * Format one Server-Sent Event. Data is JSON-encoded (one line, so no `data:` continuation is
 * needed).
 *
 * @param event - the event name (`snapshot`, `join`, `leave`, ...).
 * @param data - any JSON-serializable value.
 */
export function formatSse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Send the SSE response headers. Proxies are told not to buffer (`x-accel-buffering: no`).
 *
 * @param res - the response.
 */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
}

/** One parsed Server-Sent Event. */
export interface SseEvent {
  /** The `event:` field (`message` when absent). */
  readonly event: string;
  /** The `data:` lines joined with newlines. */
  readonly data: string;
}

/**
 * Incremental Server-Sent Events parser for clients (the discovery subscriber, tests): feed it
 * chunks as they arrive, get back the complete events. Comment lines (`:`) are ignored.
 */
export class SseParser {
  #buffer = '';

  /**
   * @param chunk - the next piece of the stream (UTF-8 text).
   * @returns the events completed by this chunk.
   */
  push(chunk: string): SseEvent[] {
    this.#buffer += chunk.replaceAll('\r\n', '\n');
    const out: SseEvent[] = [];
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) out.push({ event, data: data.join('\n') });
    }
    return out;
  }
}
