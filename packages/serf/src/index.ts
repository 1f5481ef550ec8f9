/**
 * `@ring/serf`: a Ring node as a full member of a HashiCorp Serf cluster. Built on `@ring/swim`
 * (memberlist's wire protocol) with Serf's layer on top, wire-compatible with Serf protocol
 * versions 2–5 as the `serf` agent 0.8.x speaks them:
 *
 * - {@link createSerf}: Lamport clocks (members, events, queries), join and leave intents with
 *   Serf's rebroadcast rules, member status (`alive`, `leaving`, `left`, `failed`) with status
 *   Lamport times, push/pull state merged both ways, reaping with Serf's timings.
 * - Tags in node meta (Serf's layout, which `@ring/swim`'s `encodeTags` also writes), user events de-duplicated in a bounded window,
 *   queries with acks, responses (an async iterable), node and tag filters, relay factor and
 *   timeout; `_serf_ping`, `_serf_conflict` and `serf keys` queries answered.
 * - Typed events (`member-join`, `member-leave`, `member-failed`, `member-update`,
 *   `member-reap`, `user`, `query`) as listeners and as an async iterator.
 *
 * @example
 * ```ts
 * import { createUdpTransport } from '@ring/transport/node';
 * import { createSerf } from '@ring/serf';
 *
 * const serf = createSerf({
 *   name: 'ring1',
 *   transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0, unref: false }),
 *   tags: { role: 'ring' },
 * });
 * serf.on('user', (e) => console.log('event', e.name, new TextDecoder().decode(e.payload)));
 * serf.onQuery((q) => (q.name === 'ping-me' ? new TextEncoder().encode('pong') : undefined));
 * await serf.start();
 * await serf.join(['127.0.0.1:7946']); // a `serf agent`
 * await serf.userEvent('deploy', new TextEncoder().encode('v2'), { coalesce: false });
 * const result = await serf.query('status', new Uint8Array(0), { requestAck: true });
 * for await (const r of result.responses()) console.log(r.from, r.payload);
 * await serf.leave();
 * await serf.shutdown();
 * ```
 *
 * @packageDocumentation
 */
export { createSerf, Serf } from './serf/serf.js';
export type { SerfConfig, SerfState } from './serf/config.js';
export type { SerfQueryHandler, SerfQueryOptions } from './queries/queries.js';
export { SerfQueryResult } from './queries/query-result.js';
export type { SerfQueryResponse } from './queries/query-result.js';
export type { SerfEvent, SerfEventMap, SerfIncomingQuery, SerfUserEvent } from './events/events.js';
export type { MemberEventKind, SerfMember, SerfMemberStatus } from './members/member.js';
export { SerfError, isSerfError } from './errors.js';
export type { SerfErrorCode } from './errors.js';
export { SERF_DEFAULTS, SERF_PROTOCOL_MAX, SERF_PROTOCOL_MIN } from './options.js';
export type { ResolvedSerfOptions, SerfOptions } from './options.js';
