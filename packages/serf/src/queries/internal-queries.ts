/**
 * Serf's internal queries (names starting with `_serf_`), answered by the member itself:
 * `_serf_ping` (the ack is the whole answer), `_serf_conflict` (our view of a node whose name is
 * claimed twice) and the `serf keys` queries (install, use, remove, list keys).
 */
import type { Logger } from '@ring/swim';
import type { Keyring } from '@ring/swim/wire';
import type { SerfIncomingQuery } from '../events/events.js';
import type { SerfMember } from '../members/member.js';
import { INTERNAL_QUERY_PREFIX } from '../options.js';
import { encodeQueryResponse } from '../wire/messages.js';
import { encodeConflictResponse } from './conflict-response.js';
import { KEY_QUERIES, answerKeyQuery } from './key-queries.js';

/** What answering an internal query needs. */
export interface InternalQueryContext {
  /** This node's name. */
  readonly name: string;
  readonly keyring: Keyring | undefined;
  readonly queryResponseSizeLimit: number;
  readonly logger: Logger;
  /** Our view of a member. */
  member(name: string): SerfMember | undefined;
}

/** Answer one internal query (its name starts with `_serf_`). */
export function answerInternalQuery(q: SerfIncomingQuery, ctx: InternalQueryContext): void {
  const name = q.name.slice(INTERNAL_QUERY_PREFIX.length);
  if (name === 'ping') return; // an ack (when asked) is the whole answer
  if (name === 'conflict') {
    const node = new TextDecoder().decode(q.payload);
    if (node === ctx.name) return;
    const answer = encodeConflictResponse(ctx.member(node));
    q.respond(answer).catch((err: unknown) =>
      ctx.logger.debug({ err }, 'conflict response failed'),
    );
    return;
  }
  if (KEY_QUERIES.has(name)) {
    const limit = ctx.queryResponseSizeLimit;
    const answer = answerKeyQuery(name, q.payload, ctx.keyring, (p) => {
      const resp = { ltime: q.ltime, id: q.id, from: ctx.name, flags: 0, payload: p };
      return encodeQueryResponse(resp).length <= limit;
    });
    q.respond(answer).catch((err: unknown) =>
      ctx.logger.debug({ err, query: q.name }, 'key query response failed'),
    );
    return;
  }
  ctx.logger.debug({ query: q.name }, 'unknown internal query');
}
