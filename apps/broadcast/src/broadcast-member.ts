import { createBroadcastChannel } from '@ring/swim';
import type { BroadcastChannel, SwimNode } from '@ring/swim';
import { leaveAndShutdown, startSwimMember } from '@ring/demo-kit';
import type { MemberSettings, ProgramContext } from '@ring/demo-kit';
import { decodeMessage, encodeMessage, formatMessage } from './broadcast-message.js';

/** Options of {@link runBroadcastMember}. */
export interface BroadcastMemberOptions extends MemberSettings {
  /** Broadcast `key=I am <name> value=N` this often (ms); absent: only receive (seed 001's node1). */
  readonly sendEveryMs?: number;
}

/**
 * Seed 001 as one process: a member with a broadcast channel piggybacked on swim's gossip. It
 * prints `info: broadcast nodes = N` whenever the member count changes (the channel's retransmit
 * limit follows that count by itself, so the seed's `NumNodes` pitfall cannot happen), every
 * `received broadcast msg: ...`, and — with `sendEveryMs` — every `send broadcast msg: ...`.
 * Asked to stop, it leaves gracefully and prints what it sent and received.
 *
 * @param options - member settings and the send interval.
 * @param context - output and the stop signal.
 * @throws DemoError `ERR_BIND` / `ERR_JOIN_FAILED` when it cannot start.
 */
export async function runBroadcastMember(
  options: BroadcastMemberOptions,
  context: ProgramContext,
): Promise<void> {
  const { out } = context;
  let channel: BroadcastChannel | undefined;
  let running = false;
  let lastCount = 0;
  let countQueued = false;
  const received = new Map<string, number>();
  const printCount = (n: SwimNode): void => {
    countQueued = false;
    const count = n.numMembers();
    if (count === lastCount) return;
    lastCount = count;
    out(`info: broadcast nodes = ${count}`);
  };
  const node = await startSwimMember({
    ...options,
    attach: (n) => {
      channel = createBroadcastChannel(n);
      channel.on('message', (bytes) => {
        const msg = decodeMessage(bytes);
        if (msg === undefined) {
          out(`received broadcast msg: (${bytes.length} bytes this demo cannot read)`);
          return;
        }
        received.set(msg.key, (received.get(msg.key) ?? 0) + 1);
        out(`received broadcast msg: ${formatMessage(msg)}`);
      });
      // Membership changes come in bursts (a join brings everyone): one line per burst.
      const queueCount = (): void => {
        if (!running || countQueued) return;
        countQueued = true;
        queueMicrotask(() => printCount(n));
      };
      n.on('join', queueCount);
      n.on('leave', queueCount);
    },
    onStarted: (n) => out(`listening on ${n.address} as ${options.name}`),
  });
  running = true;
  printCount(node);

  let value = 0;
  const timer =
    options.sendEveryMs === undefined
      ? undefined
      : setInterval(() => {
          const msg = { key: `I am ${options.name}`, value: value++ };
          out(`send broadcast msg: ${formatMessage(msg)}`);
          channel!.broadcast(encodeMessage(msg)).catch(() => undefined);
        }, options.sendEveryMs);

  const why = await context.stopRequested;
  clearInterval(timer);
  running = false;
  out(`${why}: leaving the cluster`);
  await leaveAndShutdown(node);
  const from = [...received].map(([key, n]) => `${n} from "${key}"`).join(', ');
  out(`sent ${value} broadcast msgs; received ${from === '' ? 'none' : from}`);
}
