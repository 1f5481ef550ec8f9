import type { Broadcast, DoneReason } from '../message/broadcast.js';
import type { TransmitQueueOptions } from '../config/options.js';
import { TransmitLimitedQueue } from '../queue/transmit-queue.js';

/** A message of `length` bytes that starts with `tag` (so outputs can be named), padded with dots. */
export function bytes(tag: string, length: number): Uint8Array {
  const out = new Uint8Array(length).fill(46);
  out.set(new TextEncoder().encode(tag).subarray(0, length));
  return out;
}

/** The tag of a message made by {@link bytes}. */
export const text = (message: Uint8Array): string =>
  new TextDecoder().decode(message).replace(/\.+$/, '');

/** A queue over a mutable cluster size, plus a log of done callbacks as `tag:reason`. */
export function setup(options: TransmitQueueOptions = {}, numNodes = 5) {
  const cluster = { size: numNodes };
  const done: string[] = [];
  const queue = new TransmitLimitedQueue({ numNodes: () => cluster.size }, options);
  const make = (tag: string, length: number, extra: Partial<Broadcast> = {}): Broadcast => ({
    message: bytes(tag, length),
    onDone: (reason: DoneReason) => done.push(`${tag}:${reason}`),
    ...extra,
  });
  const take = (overhead?: number, limit?: number): string[] =>
    queue.getBroadcasts(overhead, limit).map(text);
  return { queue, done, make, take, cluster };
}
