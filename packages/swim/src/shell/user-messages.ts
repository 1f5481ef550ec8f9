/**
 * Application (user) messages out: best effort over a packet, reliable over a stream, and
 * broadcasts piggybacked on gossip. All three carry memberlist's `user` message.
 */
import type { Stream } from '@ring/transport';
import type { DoneReason } from '@ring/broadcast';
import { SwimError } from '../errors.js';
import type { MemberRecord, MemberTable } from '../core/membership/member-table.js';
import type { NodeEnv } from './node-env.js';
import { countOut } from './run-context.js';
import { MessageType } from '../wire/index.js';

/** `payload` behind the `user` message type byte (the packet form of a user message). */
export function frameUserMessage(payload: Uint8Array): Uint8Array {
  const framed = new Uint8Array(payload.length + 1);
  framed[0] = MessageType.User;
  framed.set(payload, 1);
  return framed;
}

function requireMember(table: MemberTable, name: string): MemberRecord {
  const rec = table.get(name);
  if (rec === undefined) throw new SwimError('ERR_UNKNOWN_MEMBER', `unknown member ${name}`);
  return rec;
}

/**
 * Send a best-effort (packet) user message to member `name`.
 *
 * @throws SwimError `ERR_UNKNOWN_MEMBER`, `ERR_SEND`.
 */
export async function sendBestEffort(
  env: NodeEnv,
  table: MemberTable,
  name: string,
  payload: Uint8Array,
): Promise<void> {
  const rec = requireMember(table, name);
  await sendUserPacket(env, rec.address, rec.vsn[1] ?? 0, payload, name);
}

/**
 * Send a best-effort (packet) user message to an address that need not be a known member
 * (memberlist `SendToAddress`; Serf answers a query at the address the query names). Without a
 * member record the peer's protocol version is unknown, so no CRC is added, as memberlist does.
 *
 * @throws SwimError `ERR_SEND`.
 */
export async function sendToAddress(
  env: NodeEnv,
  address: string,
  payload: Uint8Array,
): Promise<void> {
  await sendUserPacket(env, address, 0, payload, address);
}

/** Frame, wrap for a peer of protocol `peerProtocolMax` (0: no CRC) and send one user packet. */
async function sendUserPacket(
  env: NodeEnv,
  to: string,
  peerProtocolMax: number,
  payload: Uint8Array,
  who: string,
): Promise<void> {
  const msg = frameUserMessage(payload);
  try {
    await env.transport.sendPacket(to, env.packetLayers.wrap(msg, peerProtocolMax));
    countOut(env, MessageType.User, msg.length);
  } catch (cause) {
    throw new SwimError('ERR_SEND', `cannot send to ${who}`, { cause });
  }
}

/**
 * Send a reliable (stream) user message to member `name`: dial, write, half-close.
 *
 * @throws SwimError `ERR_UNKNOWN_MEMBER`, `ERR_SEND`.
 */
export async function sendReliable(
  env: NodeEnv,
  table: MemberTable,
  name: string,
  payload: Uint8Array,
): Promise<void> {
  const rec = requireMember(table, name);
  let stream: Stream | undefined;
  try {
    stream = await env.transport.dial(rec.address, { timeoutMs: env.options.tcpTimeoutMs });
    const bytes = env.streamLayers.encode({ type: MessageType.User, body: { payload } }, true);
    await stream.write(bytes);
    await stream.end();
    countOut(env, MessageType.User, bytes.length);
  } catch (cause) {
    throw new SwimError('ERR_SEND', `cannot send to ${name}`, { cause });
  } finally {
    stream?.close();
  }
}

/**
 * Queue an application broadcast (unique: never invalidated) to piggyback on gossip.
 *
 * @throws BroadcastError `ERR_BROADCAST_TOO_LARGE` when it can never fit a packet.
 */
export function queueUserBroadcast(
  env: NodeEnv,
  message: Uint8Array,
  onDone?: (reason: DoneReason) => void,
): void {
  env.userQueue.enqueue({
    message: frameUserMessage(message),
    unique: true,
    ...(onDone === undefined ? {} : { onDone }),
  });
  env.metrics.gauge('ring_swim_user_queue_depth', env.userQueue.size);
}
