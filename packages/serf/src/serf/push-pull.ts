/**
 * Serf's push/pull user state (memberlist's `LocalState` / `MergeRemoteState` delegate): the
 * three Lamport clocks, member status times, left members and the recent-events window, sent to
 * and merged from every peer in a full state sync.
 */
import { SerfError } from '../errors.js';
import type { SerfUserEvents } from '../events/user-events.js';
import type { SerfMembership } from '../members/membership.js';
import type { SerfQueries } from '../queries/queries.js';
import { SerfMessageType, decodeSerfMessage, encodePushPull } from '../wire/messages.js';

/** The parts of a Serf member that carry push/pull state. */
export interface PushPullParts {
  readonly membership: SerfMembership;
  readonly userEvents: SerfUserEvents;
  readonly queries: SerfQueries;
}

/** Our push/pull state, encoded. */
export function encodeLocalState(parts: PushPullParts): Uint8Array {
  const members = parts.membership.localState();
  const events = parts.userEvents.localState();
  return encodePushPull({
    ltime: members.ltime,
    statusLTimes: members.statusLTimes,
    leftMembers: members.leftMembers,
    eventLTime: events.eventLTime,
    events: events.events,
    queryLTime: parts.queries.clock.time(),
  });
}

/**
 * Merge a peer's push/pull state: clocks witnessed, members merged (left ones first), then its
 * recent events replayed (unless older than an `ignoreOld` join allows).
 *
 * @param join - the state came with a join (`ignoreOld` applies).
 * @param alive - we are alive (a leave of ourselves is refuted).
 * @param decodeError - told about malformed state (it is then ignored).
 * @returns false when the state was malformed (nothing merged).
 */
export function mergeRemoteState(
  parts: PushPullParts,
  buf: Uint8Array,
  join: boolean,
  alive: boolean,
  decodeError: (err: unknown, from: string) => void,
): boolean {
  let msg;
  try {
    msg = decodeSerfMessage(buf);
  } catch (err) {
    decodeError(err, 'push/pull');
    return false;
  }
  if (msg.type !== SerfMessageType.PushPull) {
    decodeError(new SerfError('ERR_DECODE', `push/pull state of type ${msg.type}`), 'push/pull');
    return false;
  }
  const pp = msg.body;
  parts.userEvents.witnessRemote(pp);
  parts.queries.mergeRemoteState(pp);
  parts.membership.mergeRemoteState(pp, alive);
  parts.userEvents.mergeRemoteState(pp, join);
  return true;
}
