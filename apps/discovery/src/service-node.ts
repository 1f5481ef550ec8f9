import { encodeTags } from '@ring/swim';
import type { Logger, SwimNode } from '@ring/swim';
import { parseHostPort, startSwimMember } from '@ring/demo-kit';
import { startEventsServer } from './http/events-server.js';
import type { EventsServer } from './http/events-server.js';
import { MemberFeed } from '@ring/demo-kit/member-feed';
import { HTTP_TAG, liveMembers, publishChanges } from './directory/member-view.js';
import { PeerList, SERVICE_TAG, URL_TAG } from './directory/peer-list.js';

/** Most time a graceful leave may take before the sockets close anyway (ms), as in `ring-node`. */
const LEAVE_TIMEOUT_MS = 5_000;

/** Options of {@link registerService}. */
export interface RegisterOptions {
  /** Unique member name. */
  readonly name: string;
  /** The service this member provides (tag `service`). */
  readonly service: string;
  /** Where it serves it (tag `url`): what `peers()` lists. */
  readonly url: string;
  /** Gossip addresses of existing members; empty for the first. */
  readonly seeds: readonly string[];
  /** Gossip bind address. @default `127.0.0.1:0` */
  readonly bind?: string;
  /** Where to serve `/v1/events` to non-member subscribers. @default `127.0.0.1:0` */
  readonly http?: string;
  /** Log sink for warnings. @default none */
  readonly log?: (text: string) => void;
}

/** Swim's warnings and errors as `time LEVEL [name] message {fields}` lines. */
function warningLogger(name: string, write: (text: string) => void): Logger {
  const line =
    (level: 'warn' | 'error') =>
    (objOrMsg: unknown, msg?: string): void => {
      const text =
        typeof objOrMsg === 'string' ? objOrMsg : `${msg ?? ''} ${JSON.stringify(objOrMsg)}`.trim();
      write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${name}] ${text}\n`);
    };
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: line('warn'),
    error: line('error'),
  };
}

/**
 * A registered service instance: a full cluster member (there is no discovery server to lose),
 * advertising `service` and `url` in its tags, and serving `GET /v1/events` for subscribers
 * outside the cluster (its address in the tag `ring.http`).
 */
export class ServiceNode {
  readonly #node: SwimNode;
  readonly #feed: MemberFeed;
  readonly #events: EventsServer;
  readonly #service: string;
  #cancelled: Promise<void> | undefined;

  private constructor(node: SwimNode, feed: MemberFeed, events: EventsServer, service: string) {
    this.#node = node;
    this.#feed = feed;
    this.#events = events;
    this.#service = service;
  }

  /**
   * Join the cluster (or start it) as a provider of `service`.
   *
   * @param options - name, service, url, seeds.
   * @throws DemoError `ERR_JOIN_FAILED` when seeds were given and none answered, `ERR_BIND`.
   */
  static async register(options: RegisterOptions): Promise<ServiceNode> {
    let swim: SwimNode | undefined;
    const feed = new MemberFeed(() => liveMembers(swim));
    const events = await startEventsServer(
      feed,
      parseHostPort(options.http ?? '127.0.0.1:0', { ip: true }),
    );
    const tags = {
      [SERVICE_TAG]: options.service,
      [URL_TAG]: options.url,
      [HTTP_TAG]: events.address,
    };
    try {
      const node = await startSwimMember({
        name: options.name,
        bind: parseHostPort(options.bind ?? '127.0.0.1:0', { ip: true }),
        join: options.seeds.map((s) => parseHostPort(s)),
        preset: 'local',
        meta: encodeTags(tags),
        ...(options.log === undefined ? {} : { logger: warningLogger(options.name, options.log) }),
        attach: (n) => {
          swim = n;
          publishChanges(n, feed);
        },
      });
      return new ServiceNode(node, feed, events, options.service);
    } catch (error) {
      feed.close();
      await events.close();
      throw error;
    }
  }

  /** Member name. */
  get name(): string {
    return this.#node.name;
  }

  /** Gossip address (a seed for others). */
  get address(): string {
    return this.#node.address;
  }

  /** Address of `GET /v1/events` (for non-member subscribers). */
  get httpAddress(): string {
    return this.#events.address;
  }

  /**
   * Full peer lists (sorted URLs of live providers of the service), first the current one, then one
   * per change — gopherdiscovery's `Peers()` channel. Never an empty list because of an error: the
   * list comes from this node's own membership view, which needs no server.
   *
   * @param signal - ends the iteration.
   */
  async *peers(signal?: AbortSignal): AsyncGenerator<string[]> {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const { snapshot, changes } = this.#feed.subscribe(controller.signal);
      const list = new PeerList(this.#service);
      list.reset(snapshot);
      yield list.changed()!;
      for await (const change of changes) {
        list.apply(change.type, change.member);
        const next = list.changed();
        if (next !== undefined) yield next;
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      controller.abort();
    }
  }

  /**
   * Leave the cluster gracefully (gopherdiscovery's `Cancel()`); peers drop this instance, and its
   * subscribers move to another member. Idempotent.
   */
  cancel(): Promise<void> {
    this.#cancelled ??= (async () => {
      try {
        await this.#node.leave(LEAVE_TIMEOUT_MS);
      } catch {
        // Not gossiped in time: the others will find out by failure detection.
      }
      this.#feed.close();
      await this.#events.close();
      await this.#node.shutdown();
    })();
    return this.#cancelled;
  }
}
