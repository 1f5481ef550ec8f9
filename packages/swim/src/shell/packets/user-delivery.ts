/**
 * Delivering received user messages: enveloped application broadcasts to the broadcast
 * channel, anything else to `message` handlers, after the sender check of
 * `userMessagesFrom: 'members'`.
 */
import type { MemberTable } from '../../core/membership/member-table.js';
import type { RefusalTransport } from '../../core/refusals.js';
import { USER_BROADCAST_MAGIC } from '../../gossip/broadcast-envelope.js';
import { refuse } from '../../observe/refusal-count.js';
import type { Run } from '../run-context.js';
import { isMemberAddress, nameOf } from '../run-context.js';

/**
 * Deliver a user message: enveloped application broadcasts to the broadcast channel, anything
 * else to `message` handlers. With `userMessagesFrom: 'members'`, a sender address that is not a
 * live member's is refused (`reason="user_message_sender"`). A UDP user message's sender is the
 * packet's source address; a reliable (stream) message's is the connection's source, which is
 * the peer's gossip address only for Ring dialers behind the TCP-only transport, so with
 * `'members'` reliable messages are matched by IP.
 *
 * @param run - the running node.
 * @param payload - the message after its type byte.
 * @param from - the packet's or connection's source address.
 * @param transport - the path it came in on.
 */
export function deliverUser(
  run: Run,
  payload: Uint8Array,
  from: string,
  transport: RefusalTransport = 'udp',
): void {
  const env = run.env;
  if (env.options.userMessagesFrom === 'members' && !isKnownSender(run.table, from, transport)) {
    refuse(env, transport, 'user_message_sender', { from });
    return;
  }
  if (payload.length > 0 && payload[0] === USER_BROADCAST_MAGIC) {
    // Application code: a throw must not cut short the rest of the packet (compound parts).
    try {
      env.broadcastSink?.(payload, from);
    } catch (error) {
      env.logger.error({ err: error, from }, 'broadcast handler threw');
    }
    return;
  }
  env.events.queueMessage({ from: nameOf(run.table, from), payload });
}

/** A user message's sender is a live member: same address (packets), same IP (streams, which come from an ephemeral port). */
function isKnownSender(t: MemberTable, from: string, transport: RefusalTransport): boolean {
  if (isMemberAddress(t, from)) return true;
  if (transport === 'udp') return false;
  const ip = hostOf(from);
  for (const rec of t.records()) {
    if ((rec.state === 'alive' || rec.state === 'suspect') && hostOf(rec.address) === ip)
      return true;
  }
  return false;
}

/** The host part of `host:port` / `[v6]:port`. */
function hostOf(address: string): string {
  const i = address.lastIndexOf(':');
  return i < 0 ? address : address.slice(0, i);
}
