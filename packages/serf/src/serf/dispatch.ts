/**
 * Inbound Serf messages (memberlist user messages and broadcasts): decoded and handed to the part
 * that owns them — intents to the membership, user events, queries and responses to the query
 * layer — and relayed query responses forwarded to their destination.
 */
import type { Logger, Metrics } from '@ring/swim';
import type { SerfUserEvents } from '../events/user-events.js';
import type { SerfMembership } from '../members/membership.js';
import type { SerfQueries } from '../queries/queries.js';
import { ipToAddress } from '../wire/ip-bytes.js';
import { SerfMessageType, decodeSerfMessage } from '../wire/messages.js';

/** What handling one inbound message needs. */
export interface DispatchContext {
  readonly membership: SerfMembership;
  readonly userEvents: SerfUserEvents;
  readonly queries: SerfQueries;
  /** We are alive (a leave intent for ourselves is refuted). */
  readonly alive: boolean;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Send bytes straight to an address (relays). */
  send(address: string, raw: Uint8Array): Promise<void>;
  /** Count and log a malformed input. */
  decodeError(err: unknown, from: string): void;
}

/**
 * Handle one inbound Serf message.
 *
 * @returns whether to re-broadcast it, or `undefined` when it could not be decoded.
 */
export function handleSerfMessage(
  buf: Uint8Array,
  from: string,
  ctx: DispatchContext,
): boolean | undefined {
  let msg;
  try {
    msg = decodeSerfMessage(buf);
  } catch (err) {
    ctx.decodeError(err, from);
    return undefined;
  }
  ctx.metrics.increment('ring_serf_messages_in_total', 1, { type: String(msg.type) });
  switch (msg.type) {
    case SerfMessageType.Leave:
      return ctx.membership.onLeaveIntent(msg.body, ctx.alive);
    case SerfMessageType.Join:
      return ctx.membership.onJoinIntent(msg.body);
    case SerfMessageType.UserEvent:
      return ctx.userEvents.handle(msg.body);
    case SerfMessageType.Query:
      return ctx.queries.handle(msg.body);
    case SerfMessageType.QueryResponse:
      ctx.queries.handleResponse(msg.body);
      return false;
    case SerfMessageType.Relay: {
      let dest: string;
      try {
        dest = ipToAddress(msg.body.destIp, msg.body.destPort);
      } catch (err) {
        ctx.decodeError(err, from);
        return false;
      }
      ctx
        .send(dest, msg.body.message)
        .catch((err: unknown) => ctx.logger.debug({ err, dest }, 'relay failed'));
      return false;
    }
    default:
      ctx.logger.debug({ type: msg.type, from }, 'unexpected Serf message');
      return false;
  }
}
