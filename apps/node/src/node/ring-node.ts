import { MemberFeed } from '@ring/demo-kit/member-feed';
import type { Clock } from '@ring/transport';
import { encodeTags } from '@ring/swim';
import type { Member, MemberEventType, SwimNode } from '@ring/swim';
import type { Serf } from '@ring/serf';
import { VnodeRing } from '@ring/hashring';
import type { HashRing } from '@ring/hashring';
import { createPartitions } from '@ring/partitions';
import type { ChangeEvent, Partitions } from '@ring/partitions';
import { HTTP_TAG, MEMBERS_EVENT_INTERVAL_MS } from '../constants.js';
import type { EventLine } from '../events/event-lines.js';
import { MembershipTracker } from '../events/membership-tracker.js';
import type {
  AdminNode,
  HealthView,
  LookupView,
  MemberView,
  MemberSubscription,
  PartitionsView,
} from '../http/admin-api.js';
import { AdminServer } from '../http/admin-server.js';
import type {
  ExplainNode,
  KeyExplainView,
  MemberExplainView,
  RingView,
} from '../http/explain-api.js';
import { buildKeyExplanation, excludedMembers, ringView } from '../explain/explain-key.js';
import { countingTransport } from '../metrics/counting-transport.js';
import { PrometheusRegistry } from '../metrics/prometheus-registry.js';
import { advertisedHttp } from './advertised-http.js';
import { createMembershipLayer } from './membership-layer.js';
import { collectNodeMetrics } from './node-metrics.js';
import { eligibleMembers } from './placement.js';
import type { RingNodeDeps } from './ring-node-deps.js';
import { partitionsView, tagsOf, viewOf } from './views.js';

/**
 * The reference node: a `@ring/swim` member with a consistent-hash ring and a partition table
 * rebuilt on every membership change, `--json` event lines, and the HTTP admin API.
 *
 * Lifecycle: {@link RingNode.start} → running → {@link RingNode.leave} (graceful, idempotent) →
 * {@link RingNode.done} resolves.
 */
export class RingNode implements AdminNode, ExplainNode {
  readonly #deps: RingNodeDeps;
  readonly #swim: SwimNode;
  /** The Serf layer over `#swim` with `--serf`, else `undefined`. */
  readonly #serf: Serf | undefined;
  readonly #clock: Clock;
  readonly #tracker: MembershipTracker;
  readonly #metricsRegistry: PrometheusRegistry;
  readonly #feed = new MemberFeed(() => this.members());
  #admin: AdminServer | undefined;
  #httpAddress: string | undefined;
  #ring: HashRing = VnodeRing.from([]);
  /** Membership changed since the ring was built: rebuild on next use (see {@link RingNode.#currentRing}). */
  #ringStale = true;
  readonly #partitions: Partitions<Member>;
  #status: HealthView['status'] = 'alive';
  #leaving: Promise<void> | undefined;
  /** Lines raised before the `config` line (e.g. the first partition acquisitions), printed right after it. */
  #early: EventLine[] | undefined = [];
  /** A `members` line is due (see {@link RingNode.#membersChanged}). */
  #membersTimer: { cancel(): void } | undefined;
  /** The member count the last `members` or `ready` line printed; undefined before `ready`. */
  #printedCount: number | undefined;
  #resolveDone!: () => void;
  /** Resolves once the node has left and shut down. */
  readonly done: Promise<void>;

  /** @inheritDoc */
  readonly userEvent: ((name: string, payload: Uint8Array) => Promise<void>) | undefined;

  private constructor(
    deps: RingNodeDeps,
    swim: SwimNode,
    registry: PrometheusRegistry,
    serf: Serf | undefined,
  ) {
    this.#deps = deps;
    this.#swim = swim;
    this.#serf = serf;
    this.userEvent =
      serf === undefined
        ? undefined
        : (name, payload) => serf.userEvent(name, payload, { coalesce: false });
    serf?.on('user', (e) =>
      this.#emit({
        event: 'user',
        name: e.name,
        payload: new TextDecoder().decode(e.payload),
        ltime: e.ltime,
        t: this.#clock.now(),
      }),
    );
    // `serf query ring-owner KEY` answers with the name of the key's owner on the ring.
    serf?.onQuery((q) =>
      q.name === 'ring-owner'
        ? new TextEncoder().encode(
            this.lookup(new TextDecoder().decode(q.payload)).owner?.name ?? '',
          )
        : undefined,
    );
    this.#metricsRegistry = registry;
    this.#clock = deps.clock ?? deps.transport.clock;
    this.#tracker = new MembershipTracker(deps.config.name);
    // Membership lines first, then the partition changes they cause: subscribe before partitions do.
    for (const type of ['join', 'leave', 'update', 'suspect', 'alive'] as const) {
      swim.on(type, (member: Member) => this.#onMember(type, member));
    }
    this.#partitions = createPartitions<Member>(swim, {
      localName: deps.config.name,
      partitions: deps.config.partitions,
      redundancy: deps.config.redundancy,
      watchTags: deps.config.watchTags,
      tagsOf: tagsOf,
    });
    this.#partitions.on('change', (event) => this.#onPartitions(event));
    this.#partitions.on('error', (error) => deps.logger.warn({ err: error }, 'partitions error'));
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  /**
   * Create and start a node: HTTP API (if enabled), gossip, `config` line, join the seeds (if any),
   * `ready` line.
   *
   * @param deps - config, transport, sinks.
   * @throws SwimError `ERR_JOIN_FAILED` when seeds were given and none answered (the node is shut
   *   down first); transport errors such as `ERR_BIND`.
   */
  static async start(deps: RingNodeDeps): Promise<RingNode> {
    const registry = new PrometheusRegistry();
    // Counted, so /metrics shows the node's real network cost (bytes, packets, TCP streams).
    const { swim, serf } = createMembershipLayer(
      deps,
      countingTransport(deps.transport, registry),
      registry,
    );
    const node = new RingNode(deps, swim, registry, serf);
    await node.#start();
    return node;
  }

  async #start(): Promise<void> {
    const { config, logger } = this.#deps;
    const reg = this.#metricsRegistry;
    collectNodeMetrics(reg, {
      members: () => this.#tracker.count,
      healthScore: () => this.#swim.healthScore,
      partitionsOwned: () => this.#partitions.table.owners.filter((o) => o === config.name).length,
      partitionEpoch: () => this.#partitions.epoch,
    });

    if (config.http !== undefined) {
      this.#admin = new AdminServer({
        node: this,
        explain: this,
        hopLimit: config.hopLimit,
        token: config.httpSecurity.token,
        allowHosts: config.httpSecurity.allowHosts,
        tls: config.httpSecurity.tls,
        kv: { maxKeys: config.httpSecurity.kvMaxKeys, maxBytes: config.httpSecurity.kvMaxBytes },
        onRequest: (route, status) =>
          reg.increment('ring_node_http_requests_total', 1, { route, code: String(status) }),
      });
      this.#httpAddress = await this.#admin.listen(config.http);
    }
    try {
      await (this.#serf ?? this.#swim).start();
      if (this.#httpAddress !== undefined) {
        const tags = {
          ...config.tags,
          [HTTP_TAG]: advertisedHttp({
            bound: this.#httpAddress,
            advertise: config.httpAdvertise,
            gossip: this.#deps.transport.localAddress(),
            logger,
          }),
        };
        if (this.#serf === undefined) await this.#swim.updateMeta(encodeTags(tags));
        else await this.#serf.setTags(tags);
      }
      this.#emit({
        event: 'config',
        name: config.name,
        addr: this.#deps.transport.localAddress(),
        preset: config.preset,
        transport: config.transport,
        timing: this.#timing(),
        t: this.#clock.now(),
      });
      if (config.join.length > 0) {
        // The join's state exchange reports every member at once: one partition change for all
        // of them, not one per member through tables no other member ever had.
        this.#partitions.hold();
        try {
          const contacted = await (this.#serf ?? this.#swim).join([...config.join]);
          logger.info({ seeds: config.join, contacted }, 'joined the cluster');
        } finally {
          this.#partitions.release();
        }
      }
    } catch (error) {
      this.#partitions.close();
      await this.#admin?.close();
      await (this.#serf ?? this.#swim).shutdown();
      throw error;
    }
    this.#printedCount = this.#tracker.count;
    this.#emit({
      event: 'ready',
      name: config.name,
      count: this.#printedCount,
      t: this.#clock.now(),
    });
  }

  #timing(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.#swim.options)) if (typeof v === 'number') out[k] = v;
    return out;
  }

  /**
   * The member count may have changed: one `MEMBERS_EVENT_INTERVAL_MS` later, print a `members`
   * line if the count then differs from the last one printed. A burst of joins gives one line
   * with the settled count; a quiet cluster prints nothing (a line every second cost a steady
   * node about 6 % of its CPU).
   */
  #membersChanged(): void {
    if (this.#printedCount === undefined || this.#membersTimer !== undefined) return;
    if (this.#status !== 'alive' || this.#tracker.count === this.#printedCount) return;
    this.#membersTimer = this.#clock.setTimeout(() => {
      this.#membersTimer = undefined;
      const count = this.#tracker.count;
      if (this.#status !== 'alive' || count === this.#printedCount) return;
      this.#printedCount = count;
      this.#emit({ event: 'members', count, t: this.#clock.now() });
    }, MEMBERS_EVENT_INTERVAL_MS);
  }

  #emit(line: EventLine): void {
    if (this.#early !== undefined && line.event !== 'config') {
      this.#early.push(line);
      return;
    }
    this.#deps.onEvent?.(line);
    if (line.event === 'config') {
      const early = this.#early ?? [];
      this.#early = undefined;
      for (const l of early) this.#deps.onEvent?.(l);
    }
  }

  #onMember(type: MemberEventType, member: Member): void {
    const line = this.#tracker.apply({ type, member }, this.#clock.now());
    if (line !== undefined) this.#emit(line);
    this.#membersChanged();
    this.#ringStale = true;
    this.#feed.publish({ type, member: viewOf(member) });
  }

  /**
   * The consistent-hash ring over the current eligible members, rebuilt lazily: a burst of joins
   * (a hundred members starting) costs one rebuild at the next lookup, not one per event.
   */
  #currentRing(): HashRing {
    if (this.#ringStale) {
      this.#ringStale = false;
      const names = eligibleMembers(this.#swim.members().map(viewOf), this.#deps.config.watchTags);
      const same = names.length === this.#ring.size && names.every((n) => this.#ring.has(n));
      if (!same) this.#ring = VnodeRing.from(names);
    }
    return this.#ring;
  }

  /** Print this node's partition acquisitions and releases (`@ring/partitions` computes them). */
  #onPartitions(event: ChangeEvent): void {
    const t = this.#clock.now();
    for (const a of event.acquired)
      this.#emit({ event: 'acquire', partition: a.partition, replica: a.replica, from: a.from, t });
    for (const r of event.released)
      this.#emit({ event: 'release', partition: r.partition, replica: r.replica, to: r.to, t });
  }

  /** This node's name. */
  get name(): string {
    return this.#deps.config.name;
  }

  /** The bound HTTP admin address, or undefined when disabled. */
  get httpAddress(): string | undefined {
    return this.#httpAddress;
  }

  /** The gossip address peers use. */
  get address(): string {
    return this.#deps.transport.localAddress();
  }

  /** The underlying swim node (for embedding apps). */
  get swim(): SwimNode {
    return this.#swim;
  }

  /** @inheritDoc */
  members(): MemberView[] {
    return this.#swim
      .members()
      .filter((m) => m.state === 'alive' || m.state === 'suspect')
      .map(viewOf)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** @inheritDoc */
  health(): HealthView {
    return {
      name: this.name,
      status: this.#status,
      healthScore: this.#swim.healthScore,
      members: this.#tracker.count,
    };
  }

  /** @inheritDoc */
  lookup(key: string): LookupView {
    const ownerName = this.#currentRing().getNode(key);
    const owner = ownerName === undefined ? undefined : this.#swim.member(ownerName);
    const partition = this.#partitions.partitionOf(key);
    const partitionOwners = this.#partitions.ownersOf(partition).map((m) => m.name);
    return { key, owner: owner === undefined ? null : viewOf(owner), partition, partitionOwners };
  }

  /** @inheritDoc */
  partitions(): PartitionsView {
    return partitionsView(this.#partitions.table, this.#partitions.epoch);
  }

  /** @inheritDoc */
  explainMember(name: string): MemberExplainView | undefined {
    const explanation = this.#swim.explainMember(name);
    if (explanation === undefined) return undefined;
    const member = this.#swim.member(name);
    return { ...explanation, tags: member === undefined ? {} : viewOf(member).tags };
  }

  /** @inheritDoc */
  explainKey(key: string): KeyExplainView {
    return buildKeyExplanation({
      key,
      ring: this.#currentRing(),
      partition: this.#partitions.explainKey(key),
      owner: this.lookup(key).owner,
      excluded: excludedMembers(this.#swim.allMembers().map(viewOf), this.#deps.config.watchTags),
    });
  }

  /** @inheritDoc */
  ring(): RingView {
    return ringView(this.#currentRing());
  }

  /** @inheritDoc */
  subscribe(signal: AbortSignal): MemberSubscription {
    return this.#feed.subscribe(signal);
  }

  /** @inheritDoc */
  metrics(): string {
    return this.#metricsRegistry.render();
  }

  /** @inheritDoc */
  leave(): void {
    void this.shutdown();
  }

  /**
   * Leave gracefully (broadcast our departure, wait up to `leaveTimeoutMs`), print `left`, close the
   * HTTP API and every socket. Idempotent; resolves when done.
   */
  shutdown(): Promise<void> {
    this.#leaving ??= (async () => {
      const { logger, config } = this.#deps;
      this.#status = 'leaving';
      this.#membersTimer?.cancel();
      try {
        if (this.#serf === undefined) await this.#swim.leave(config.leaveTimeoutMs);
        else await this.#serf.leave();
      } catch (error) {
        logger.warn({ err: error }, 'graceful leave did not complete');
      }
      this.#status = 'left';
      this.#emit({ event: 'left', t: this.#clock.now() });
      this.#feed.close();
      this.#partitions.close();
      await this.#admin?.close();
      await (this.#serf ?? this.#swim).shutdown();
      this.#resolveDone();
    })();
    return this.#leaving;
  }
}
