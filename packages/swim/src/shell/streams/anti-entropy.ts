/**
 * Push/pull anti-entropy: join through seeds, the periodic exchange, incarnation confirmations
 * and partition-heal reconnects. Anti-entropy owns the members that failed, the seed addresses
 * and every open stream (its own, the TCP pings' and the inbound ones).
 */
import type { Stream } from '@ring/transport';
import { DEFAULT_PORT } from '../../config/constants.js';
import { SwimError } from '../../errors.js';
import { verifyProtocol } from '../../core/membership/push-pull.js';
import { pushNodeStates } from '../member-messages.js';
import { wireToAddress } from '../wire-address.js';
import { pushPullScaleMs } from '../../core/timing.js';
import { MessageType, NodeStateType } from '../../wire/index.js';
import type { PushPull } from '../../wire/index.js';
import type { Run } from '../run-context.js';
import { EMPTY, countIn, countOut, randomOthers } from '../run-context.js';
import { resolveSeeds } from '../seeds.js';
import type { ClaimHooks, ClaimSource, StateChanges } from '../packets/state-changes.js';
import { readStreamMessage } from './stream-io.js';

/** Most confirmation push/pulls (for implausible incarnation claims) in flight at once. */
const MAX_CONFIRMATIONS = 4;

/** A member that failed, remembered for partition healing. */
interface FailedPeer {
  readonly address: string;
  readonly at: number;
}

/** The anti-entropy of a running node (see the module comment). */
export class AntiEntropy implements ClaimHooks {
  readonly #run: Run;
  readonly #claims: StateChanges;
  readonly #failed = new Map<string, FailedPeer>();
  readonly #seeds: string[] = [];
  readonly #streams = new Set<Stream>();
  /** Members whose implausible incarnation claim awaits a confirming push/pull. */
  readonly #confirming = new Set<string>();

  /**
   * @param run - the running node.
   * @param claims - what merged state goes through.
   */
  constructor(run: Run, claims: StateChanges) {
    this.#run = run;
    this.#claims = claims;
  }

  // ------------------------------------------------------------------ streams

  /** Track an open stream (closed at shutdown). */
  track(stream: Stream): void {
    this.#streams.add(stream);
  }

  /** Close and forget a stream. */
  release(stream: Stream): void {
    stream.close();
    this.#streams.delete(stream);
  }

  /** Dial `address`; the stream is tracked until {@link AntiEntropy.release}. */
  async dial(address: string, timeoutMs: number): Promise<Stream> {
    const stream = await this.#run.env.transport.dial(address, { timeoutMs });
    this.#streams.add(stream);
    return stream;
  }

  /** Close every open stream (shutdown). */
  stop(): void {
    for (const s of this.#streams) s.close();
    this.#streams.clear();
  }

  // ------------------------------------------------------------------ claim hooks

  /** `name` is alive again: no longer a reconnect candidate. */
  memberAlive(name: string): void {
    this.#failed.delete(name);
  }

  /** `name` failed: a reconnect candidate for `reconnectTimeoutMs`. */
  memberFailed(name: string, address: string, at: number): void {
    this.#failed.set(name, { address, at });
  }

  /**
   * An implausible incarnation claim about `name` arrived from a third party: ask `name` itself.
   * A push/pull we dial to its known address returns its own record, which is accepted whatever
   * its incarnation (that is the confirmation); the unconfirmed claim itself is never applied.
   * At most one confirmation per member and {@link MAX_CONFIRMATIONS} in all are in flight.
   *
   * @param name - the member the claim was about.
   */
  confirmIncarnation(name: string): void {
    const run = this.#run;
    const rec = run.table.get(name);
    if (rec === undefined || run.phase !== 'running') return;
    if (this.#confirming.has(name) || this.#confirming.size >= MAX_CONFIRMATIONS) return;
    this.#confirming.add(name);
    run.env.metrics.increment('ring_swim_incarnation_confirmations_total');
    this.pushPull(rec.address, false, name)
      .catch((error: unknown) =>
        run.env.logger.debug(
          { err: error, node: name },
          'incarnation confirmation push/pull failed',
        ),
      )
      .finally(() => this.#confirming.delete(name));
  }

  // ------------------------------------------------------------------ loops

  /**
   * Periodic anti-entropy (memberlist `pushPullTrigger`): wait the interval scaled to the current
   * cluster size, push/pull with one random alive member, repeat. The caller starts it after a
   * random stagger; the first exchange therefore comes one scaled interval after that stagger, as
   * in memberlist (a member that joins 10,000 others first waits 300 s, not at most 30 s).
   */
  pushPullTick(): void {
    const run = this.#run;
    run.timers.schedule(
      () => {
        if (run.phase === 'running') {
          const [peer] = randomOthers(run, 1, (r) => r.state === 'alive');
          if (peer !== undefined) {
            this.pushPull(peer.address, false, peer.name).catch((error: unknown) =>
              run.env.logger.debug({ err: error, peer: peer.name }, 'push/pull failed'),
            );
          }
        }
        this.pushPullTick();
      },
      pushPullScaleMs(run.env.options.pushPullIntervalMs, run.table.size),
    );
  }

  /**
   * Partition heal: memberlist never re-merges two halves that declared each other dead. Every
   * `reconnectIntervalMs` we push/pull with one random member that failed within
   * `reconnectTimeoutMs` (or a seed that is not a live member): if it is reachable again, the
   * exchange brings both sides' state together and gossip spreads it.
   */
  reconnectTick(): void {
    const run = this.#run;
    const env = run.env;
    const now = env.clock.now();
    if (run.phase === 'running') {
      const candidates: string[] = [];
      for (const [name, f] of this.#failed) {
        if (now - f.at > env.options.reconnectTimeoutMs) {
          this.#failed.delete(name);
          continue;
        }
        const rec = run.table.get(name);
        if (rec === undefined || rec.state === 'dead') candidates.push(f.address);
      }
      if (candidates.length > 0 || run.table.liveCount <= 1) {
        for (const s of this.#seeds) if (s !== run.localAddress) candidates.push(s);
      }
      if (candidates.length > 0) {
        const addr = candidates[env.random.int(candidates.length)]!;
        this.pushPull(addr, false).catch((error: unknown) =>
          env.logger.debug({ err: error, peer: addr }, 'reconnect push/pull failed'),
        );
      }
    }
    run.timers.schedule(() => this.reconnectTick(), env.options.reconnectIntervalMs);
  }

  // ------------------------------------------------------------------ join and push/pull

  /**
   * Join through seeds (see `SwimNode.join`): resolve them, remember them for reconnects, and
   * push/pull with each.
   *
   * @returns the addresses of the seeds that answered.
   */
  async join(seeds: readonly string[]): Promise<string[]> {
    const run = this.#run;
    const env = run.env;
    const port = run.localWire.port || DEFAULT_PORT;
    const { addresses, failures } = await resolveSeeds(seeds, {
      resolver: env.resolver,
      random: env.random,
      maxPerName: env.options.joinMaxAddresses,
      defaultPort: port,
    });
    for (const a of addresses) if (!this.#seeds.includes(a)) this.#seeds.push(a);
    const targets = addresses.filter((a) => a !== run.localAddress);
    const errors: unknown[] = failures.map((f) => f.error);
    const results = await Promise.allSettled(targets.map((a) => this.pushPull(a, true)));
    const answered: string[] = [];
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') answered.push(targets[i]!);
      else if (r.reason instanceof SwimError && r.reason.code === 'ERR_NAME_CONFLICT')
        throw r.reason;
      else errors.push(r.reason);
    }
    if (answered.length === 0) {
      throw new SwimError(
        'ERR_JOIN_FAILED',
        `could not join any of ${seeds.length} seed(s): ${errors.map(String).join('; ')}`,
        { cause: errors },
      );
    }
    return answered;
  }

  /** Our side of a push/pull: every known member plus the delegate's application state. */
  localState(join: boolean): PushPull {
    const env = this.#run.env;
    let userState: Uint8Array = EMPTY;
    if (env.delegate.localState !== undefined) {
      try {
        userState = env.delegate.localState(join);
      } catch (error) {
        env.logger.error({ err: error }, 'delegate localState threw');
      }
    }
    return { join, nodes: pushNodeStates(this.#run.table.records()), userState };
  }

  /**
   * Dial `address`, send our state, read and merge theirs (memberlist `pushPullNode`).
   *
   * @param dialedPeer - the member we believe lives at `address`: its own entry in the reply
   *   confirms its incarnation, and names in the reply are not rate-limited.
   * @throws SwimError `ERR_REMOTE` (errResp), `ERR_DECODE`, `ERR_TIMEOUT`, `ERR_PROTOCOL_VERSION`; transport errors from the dial.
   */
  async pushPull(address: string, join: boolean, dialedPeer = ''): Promise<void> {
    const run = this.#run;
    const env = run.env;
    const stream = await this.dial(address, env.options.tcpTimeoutMs);
    try {
      const bytes = env.streamLayers.encode(
        { type: MessageType.PushPull, body: this.localState(join) },
        true,
      );
      await stream.write(bytes);
      countOut(env, MessageType.PushPull, bytes.length);
      const reply = await readStreamMessage(
        stream,
        env.streamLayers.reader(false),
        env.clock,
        env.options.tcpTimeoutMs,
      );
      if (reply.type === MessageType.Err)
        throw new SwimError('ERR_REMOTE', `remote error: ${reply.body.error}`);
      if (reply.type !== MessageType.PushPull)
        throw new SwimError('ERR_DECODE', `expected a push/pull reply, got type ${reply.type}`);
      if (run.phase === 'shutdown') return;
      if (join) this.#refuseNameConflict(reply.body, address);
      this.mergeRemote(reply.body, { transport: 'tcp', dialedPeer });
    } finally {
      this.release(stream);
    }
  }

  /**
   * On join, refuse a cluster where an alive member already holds our name at another address: the
   * two nodes would otherwise refute each other's alive messages for ever (each sees the other as
   * itself), and the second would report a one-member cluster. Nothing is merged.
   *
   * @throws SwimError `ERR_NAME_CONFLICT` naming the address that holds the name.
   */
  #refuseNameConflict(pp: PushPull, seed: string): void {
    const run = this.#run;
    const name = run.table.localName;
    for (const n of pp.nodes) {
      if (n.name !== name || n.state !== NodeStateType.Alive) continue;
      let address: string;
      try {
        address = wireToAddress(n.addr, n.port || run.localWire.port);
      } catch {
        continue;
      }
      if (address === run.localAddress) continue;
      throw new SwimError(
        'ERR_NAME_CONFLICT',
        `the name '${name}' is already held by the alive member at ${address} (seen through ${seed}); give this node another name`,
      );
    }
  }

  /** Merge a remote push/pull (memberlist `mergeState`), counting it as one inbound push/pull: alive → alive claim, left → leave, dead/suspect → only our own suspicion; then the delegate state. */
  mergeRemote(pp: PushPull, source: ClaimSource): void {
    const run = this.#run;
    const env = run.env;
    const t = run.table;
    countIn(env, MessageType.PushPull, 0);
    verifyProtocol(t.records(), pp.nodes);
    for (const n of pp.nodes) {
      let address: string;
      try {
        address = wireToAddress(n.addr, n.port || run.localWire.port);
      } catch {
        continue;
      }
      switch (n.state) {
        case NodeStateType.Alive:
          this.#claims.handleAlive(
            {
              name: n.name,
              address,
              meta: n.meta ?? EMPTY,
              incarnation: n.incarnation,
              vsn: n.vsn,
            },
            undefined,
            source,
            'push-pull',
          );
          break;
        case NodeStateType.Left:
          this.#claims.handleDead(
            { name: n.name, incarnation: n.incarnation, from: n.name },
            undefined,
            source,
            'push-pull',
          );
          break;
        case NodeStateType.Dead:
        case NodeStateType.Suspect:
          // A peer's verdict only makes us suspicious; we never kill a node on hearsay.
          this.#claims.handleSuspect(
            { name: n.name, incarnation: n.incarnation, from: t.localName },
            undefined,
            source,
            'push-pull',
          );
          break;
        default:
          break;
      }
    }
    if (env.delegate.mergeRemoteState !== undefined && pp.userState.length > 0) {
      try {
        env.delegate.mergeRemoteState(pp.userState, pp.join);
      } catch (error) {
        env.logger.error({ err: error }, 'delegate mergeRemoteState threw');
      }
    }
    run.flushUrgent();
    env.events.drain();
  }
}
