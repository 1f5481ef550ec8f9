import type { Broadcast } from './broadcast.js';
import { BroadcastError } from '../errors.js';
import type { BroadcastKind } from '../queue/queue-entry.js';

/**
 * Check the shape of a broadcast handed to `enqueue` and classify it.
 *
 * @param broadcast - whatever the caller passed.
 * @returns `named`, `unique` or `plain`.
 * @throws BroadcastError `ERR_INVALID_BROADCAST` when `message` is not a `Uint8Array`, `name` is not
 * a non-empty string, a flag or callback has the wrong type, or the kinds are mixed (`name` with
 * `unique: true`, or `invalidates` on a named or unique broadcast).
 */
export function validateBroadcast(broadcast: Broadcast): BroadcastKind {
  if (typeof broadcast !== 'object' || broadcast === null) {
    throw invalid(
      `a broadcast must be an object, got ${broadcast === null ? 'null' : typeof broadcast}`,
    );
  }
  const { message, name, unique, invalidates, onDone } = broadcast;
  if (!(message instanceof Uint8Array)) throw invalid('broadcast.message must be a Uint8Array');
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
    throw invalid('broadcast.name must be a non-empty string when given');
  }
  if (unique !== undefined && typeof unique !== 'boolean')
    throw invalid('broadcast.unique must be a boolean');
  if (invalidates !== undefined && typeof invalidates !== 'function') {
    throw invalid('broadcast.invalidates must be a function');
  }
  if (onDone !== undefined && typeof onDone !== 'function')
    throw invalid('broadcast.onDone must be a function');

  if (name !== undefined) {
    if (unique === true) throw invalid('a broadcast cannot be both named and unique');
    if (invalidates !== undefined)
      throw invalid('a named broadcast is invalidated by name; drop invalidates');
    return 'named';
  }
  if (unique === true) {
    if (invalidates !== undefined)
      throw invalid('a unique broadcast never invalidates; drop invalidates');
    return 'unique';
  }
  return 'plain';
}

function invalid(message: string): BroadcastError {
  return new BroadcastError('ERR_INVALID_BROADCAST', message);
}
