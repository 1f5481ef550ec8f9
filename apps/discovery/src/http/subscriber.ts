import { SseParser } from '@ring/demo-kit/sse';
import { HTTP_TAG } from '../directory/member-view.js';
import type { MemberView } from '@ring/demo-kit/member-feed';
import { PeerList } from '../directory/peer-list.js';

/** Options of {@link followService}. */
export interface FollowOptions {
  /** The service to follow. */
  readonly service: string;
  /** HTTP admin addresses of one or more members (`host:port`) to read `/v1/events` from. */
  readonly endpoints: readonly string[];
  /** Ends the iteration. */
  readonly signal?: AbortSignal;
  /** Pause before trying the next endpoint after a failure (ms). @default 200 */
  readonly retryMs?: number;
  /**
   * Give up on a stream that has sent nothing — not even a keep-alive comment, which members send
   * every 15 s — for this long (ms), and move on: a member that crashed without closing the
   * connection looks exactly like a quiet cluster otherwise. @default 45000
   */
  readonly idleTimeoutMs?: number;
  /** Told about every (re)connection and failure, e.g. to print it. */
  readonly onStatus?: (text: string) => void;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Follow a service's peer list from outside the cluster — gopherdiscovery's `NewSubscriber`,
 * without its single server: any member's `GET /v1/events` will do. On connect the member sends a
 * snapshot, then changes; when that member goes away the subscriber moves on to another one (the
 * endpoints given, plus every member's advertised HTTP address it has learned), and starts again
 * from that member's snapshot.
 *
 * Yields the full sorted list of URLs on every change. A failure never yields anything: the last
 * list stays valid until a member says otherwise, so consumers never see an empty list because of
 * a network error.
 *
 * @param options - service, endpoints, signal.
 */
export async function* followService(options: FollowOptions): AsyncGenerator<string[]> {
  const endpoints = [...options.endpoints];
  const list = new PeerList(options.service);
  const retryMs = options.retryMs ?? 200;
  const aborted = (): boolean => options.signal?.aborted === true;
  let index = 0;
  while (!aborted()) {
    const endpoint = endpoints[index % endpoints.length]!;
    const queue: string[][] = [];
    const connection = new AbortController();
    let lastData = Date.now();
    const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    const watchdog = setInterval(
      () => {
        if (Date.now() - lastData > idleTimeoutMs)
          connection.abort(new Error(`no data for ${idleTimeoutMs} ms`));
      },
      Math.min(1000, idleTimeoutMs),
    );
    const signal =
      options.signal === undefined
        ? connection.signal
        : AbortSignal.any([options.signal, connection.signal]);
    try {
      const res = await fetch(`http://${endpoint}/v1/events`, { signal });
      if (!res.ok || res.body === null) throw new Error(`HTTP ${res.status}`);
      options.onStatus?.(`following ${endpoint}`);
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        lastData = Date.now();
        for (const event of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
          if (event.event === 'snapshot') {
            const members = (JSON.parse(event.data) as { members: MemberView[] }).members;
            list.reset(members);
            for (const m of members) {
              const http = m.tags[HTTP_TAG];
              if (http !== undefined && !endpoints.includes(http)) endpoints.push(http);
            }
          } else {
            const member = JSON.parse(event.data) as MemberView;
            list.apply(event.event, member);
            const http = member.tags[HTTP_TAG];
            if (event.event === 'join' && http !== undefined && !endpoints.includes(http))
              endpoints.push(http);
            // A member that left will not serve events again: do not fail over to it.
            if (
              event.event === 'leave' &&
              http !== undefined &&
              endpoints.length > 1 &&
              endpoints.includes(http)
            ) {
              endpoints.splice(endpoints.indexOf(http), 1);
            }
          }
          const next = list.changed();
          if (next !== undefined) queue.push(next);
        }
        while (queue.length > 0) yield queue.shift()!;
      }
      options.onStatus?.(`${endpoint} closed the event stream`);
    } catch (error) {
      if (aborted()) return;
      const reason: unknown = connection.signal.aborted ? connection.signal.reason : error;
      options.onStatus?.(
        `${endpoint} failed (${reason instanceof Error ? reason.message : String(reason)})`,
      );
    } finally {
      clearInterval(watchdog);
    }
    index++;
    await sleep(retryMs, options.signal);
  }
}
