import { RingNode, createLineLogger, createTransportFor, loadConfig } from '@ring/node';
import { PeerList, SERVICE_TAG, URL_TAG } from './peer-list.js';

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
  /** HTTP admin API address (serves `/v1/events` to non-member subscribers). @default `127.0.0.1:0` */
  readonly http?: string;
  /** Log sink for warnings. @default none */
  readonly log?: (text: string) => void;
}

/**
 * A registered service instance: a full cluster member (there is no discovery server to lose),
 * advertising `service` and `url` in its tags.
 */
export class ServiceNode {
  readonly #node: RingNode;
  readonly #service: string;

  private constructor(node: RingNode, service: string) {
    this.#node = node;
    this.#service = service;
  }

  /**
   * Join the cluster (or start it) as a provider of `service`.
   *
   * @param options - name, service, url, seeds.
   * @throws SwimError `ERR_JOIN_FAILED` when seeds were given and none answered.
   */
  static async register(options: RegisterOptions): Promise<ServiceNode> {
    const argv = [
      '--name',
      options.name,
      '--bind',
      options.bind ?? '127.0.0.1:0',
      '--http',
      options.http ?? '127.0.0.1:0',
      '--preset',
      'local',
    ];
    argv.push('--tags', `${SERVICE_TAG}=${options.service}`, '--tags', `${URL_TAG}=${options.url}`);
    for (const seed of options.seeds) argv.push('--join', seed);
    const loaded = loadConfig({ argv, env: {}, readFile: () => '', hostname: options.name });
    if (loaded.help) throw new Error('unreachable');
    const { config } = loaded;
    const log = options.log ?? (() => undefined);
    const logger = createLineLogger({
      level: 'warn',
      name: config.name,
      write: log,
      now: () => Date.now(),
    });
    const node = await RingNode.start({ config, transport: createTransportFor(config), logger });
    return new ServiceNode(node, options.service);
  }

  /** Member name. */
  get name(): string {
    return this.#node.name;
  }

  /** Gossip address (a seed for others). */
  get address(): string {
    return this.#node.address;
  }

  /** HTTP admin API address (for non-member subscribers). */
  get httpAddress(): string {
    return this.#node.httpAddress!;
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
      const { snapshot, changes } = this.#node.subscribe(controller.signal);
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

  /** Leave the cluster gracefully (gopherdiscovery's `Cancel()`); peers drop this instance. */
  async cancel(): Promise<void> {
    await this.#node.shutdown();
  }
}
