/**
 * Serving inbound streams: admission within the inbound limits, one request per stream (a
 * push/pull, a TCP ping or a reliable user message), errResp for unreadable input.
 */
import type { Stream } from '@ring/transport';
import { INBOUND_STREAM_GRACE_MS } from '../../config/constants.js';
import type { StreamReader } from '../../config/layers.js';
import { SwimError } from '../../errors.js';
import { reasonOf } from '../../core/refusals.js';
import { refuse } from '../../observe/refusal-count.js';
import { MessageType } from '../../wire/index.js';
import type { WireMessage } from '../../wire/index.js';
import type { Run, RunningPhase } from '../run-context.js';
import { countIn, countOut } from '../run-context.js';
import { FROM_INBOUND_STREAM } from '../packets/state-changes.js';
import { deliverUser } from '../packets/user-delivery.js';
import type { AntiEntropy } from './anti-entropy.js';
import { InboundStreams } from './inbound-streams.js';
import type { InboundEntry } from './inbound-streams.js';
import { readStreamMessage } from './stream-io.js';

/** The inbound stream budget is exhausted (the peer gets an errResp naming it, then the close). */
class BudgetExceeded extends Error {
  readonly code = 'ERR_STREAM_BUFFER_BUDGET';
}

/** The inbound stream side of a running node. */
export class StreamServer {
  readonly #run: Run;
  readonly #antiEntropy: AntiEntropy;
  /** Inbound streams being served and the bytes they hold (limits: `maxInboundStream*`). */
  readonly inbound: InboundStreams;

  /**
   * @param run - the running node.
   * @param antiEntropy - tracks the streams and answers push/pulls.
   */
  constructor(run: Run, antiEntropy: AntiEntropy) {
    this.#run = run;
    this.#antiEntropy = antiEntropy;
    const o = run.env.options;
    this.inbound = new InboundStreams({
      maxStreams: o.maxInboundStreams,
      maxWaiting: o.maxWaitingInboundStreams,
      maxBytes: o.maxInboundStreamBytes,
      graceMs: Math.min(INBOUND_STREAM_GRACE_MS, o.inboundStreamTimeoutMs),
      timeoutMs: o.inboundStreamTimeoutMs,
      onEvict: (entry, reason) => {
        refuse(run.env, 'tcp', reason, { from: entry.stream.remoteAddress, held: entry.held });
        this.#antiEntropy.release(entry.stream);
      },
      onServe: (entry) => this.#serveInbound(entry),
    });
  }

  /**
   * Accept an inbound stream: serve one request, then close it. Beyond `maxInboundStreams` it
   * waits for a slot, or evicts the oldest stream still sending (see {@link InboundStreams}).
   */
  onStream(stream: Stream): void {
    if (this.#run.phase === 'shutdown') {
      stream.close();
      return;
    }
    this.#antiEntropy.track(stream);
    this.inbound.admit(stream, this.#run.env.clock.now());
  }

  /** Serve an admitted inbound stream; when done, free its slot for the next waiter. */
  #serveInbound(entry: InboundEntry): void {
    const env = this.#run.env;
    const stream = entry.stream;
    this.#serveStream(stream, entry)
      .catch((error: unknown) =>
        env.logger.debug({ err: error, from: stream.remoteAddress }, 'inbound stream failed'),
      )
      .finally(() => {
        this.#antiEntropy.release(stream);
        this.inbound.remove(entry, env.clock.now());
      });
  }

  /** A reader that charges what it buffers to the node's inbound byte budget. */
  #budgetedReader(inner: StreamReader, entry: InboundEntry): StreamReader {
    const inbound = this.inbound;
    const max = this.#run.env.options.maxInboundStreamBytes;
    return {
      push(chunk) {
        if (!inbound.charge(entry, chunk.length)) {
          throw new BudgetExceeded(`inbound streams would buffer more than ${max} bytes`);
        }
        const msgs = inner.push(chunk);
        if (msgs.length > 0) inbound.settle(entry);
        return msgs;
      },
    };
  }

  /** Read one request from an inbound stream and answer it (push/pull reply before merging, TCP ping ack, reliable user message); unreadable input gets an errResp. */
  async #serveStream(stream: Stream, entry: InboundEntry): Promise<void> {
    const run = this.#run;
    const env = run.env;
    let msg: WireMessage;
    const reader = this.#budgetedReader(env.streamLayers.reader(true), entry);
    try {
      msg = await readStreamMessage(stream, reader, env.clock, env.options.inboundStreamTimeoutMs);
    } catch (error) {
      if (!entry.evicted)
        refuse(env, 'tcp', streamRefusalReason(error), { err: error, from: stream.remoteAddress });
      if (error instanceof SwimError && error.code === 'ERR_DECODE') {
        const reason = error.cause instanceof Error ? error.cause.message : error.message;
        await stream
          .write(env.streamLayers.encode({ type: MessageType.Err, body: { error: reason } }, false))
          .catch(() => undefined);
      }
      throw error;
    } finally {
      this.inbound.settle(entry);
    }
    if (run.phase === 'shutdown') return;
    switch (msg.type) {
      case MessageType.PushPull: {
        // Reply with our state (echoing Join) before merging theirs, as memberlist does.
        const bytes = env.streamLayers.encode(
          { type: MessageType.PushPull, body: this.#antiEntropy.localState(msg.body.join) },
          false,
        );
        await stream.write(bytes);
        countOut(env, MessageType.PushPull, bytes.length);
        await stream.end().catch(() => undefined);
        if ((run.phase as RunningPhase) !== 'shutdown')
          this.#antiEntropy.mergeRemote(msg.body, FROM_INBOUND_STREAM);
        return;
      }
      case MessageType.Ping: {
        if (msg.body.node !== '' && msg.body.node !== env.name) return;
        await stream.write(
          env.streamLayers.encode(
            { type: MessageType.AckResp, body: { seqNo: msg.body.seqNo, payload: null } },
            false,
          ),
        );
        await stream.end().catch(() => undefined);
        return;
      }
      case MessageType.User:
        countIn(env, MessageType.User, msg.body.payload.length);
        deliverUser(run, msg.body.payload, stream.remoteAddress, 'tcp');
        env.events.drain();
        return;
      default:
        env.logger.debug({ type: msg.type }, 'unexpected stream message');
    }
  }
}

/** The refusal reason of a failed inbound read: the wire error's code, the budget, or the deadline. */
function streamRefusalReason(error: unknown): string {
  if (error instanceof SwimError) {
    if (error.code === 'ERR_TIMEOUT') return 'timeout';
    if (error.code === 'ERR_SEND') return 'connection';
    const cause = error.cause;
    if (cause instanceof BudgetExceeded) return 'stream_buffer_budget';
    if (cause !== undefined) return reasonOf(cause);
    return 'incomplete';
  }
  return reasonOf(error);
}
