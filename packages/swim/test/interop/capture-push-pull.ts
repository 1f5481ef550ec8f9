/**
 * Ask a member for its push/pull state over a real TCP connection (issue 11's push/pull byte
 * comparison against Go memberlist peers and Ring nodes alike).
 */
import { connect } from 'node:net';
import { MessageType, encodeStream } from '../../src/wire/index.js';
import { unwrapPushPull } from '../helpers/push-pull-reply.js';
import type { PushPullReply } from '../helpers/push-pull-reply.js';

export { nodeStateSet, unwrapPushPull } from '../helpers/push-pull-reply.js';
export type { NodeStateView, PushPullReply } from '../helpers/push-pull-reply.js';

/**
 * Dial `address` (`host:port`), send a push/pull with no node states and no user state (so the
 * member merges nothing), and return its reply: the bytes its own periodic push/pull would send.
 * Rejects after `timeoutMs`.
 */
export function capturePushPull(address: string, timeoutMs = 10_000): Promise<PushPullReply> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host, port }, () => {
      sock.write(
        encodeStream({
          type: MessageType.PushPull,
          body: { join: false, nodes: [], userState: new Uint8Array(0) },
        }),
      );
    });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no complete push/pull reply from ${address} within ${timeoutMs} ms`));
    }, timeoutMs);
    const tryFinish = (last: boolean): void => {
      const raw = new Uint8Array(Buffer.concat(chunks));
      let reply: PushPullReply;
      try {
        reply = unwrapPushPull(raw);
      } catch (error) {
        // Incomplete so far (a Ring node keeps the connection open for the dialer to close).
        if (!last) return;
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      clearTimeout(timer);
      sock.destroy();
      resolve(reply);
    };
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      tryFinish(false);
    });
    sock.on('end', () => tryFinish(true));
    sock.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
