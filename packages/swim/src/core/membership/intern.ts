import type { AliveClaim } from './member-table.js';
import { bytesEqual } from './member.js';

/**
 * Canonical instances of the immutable parts of alive claims (name, address, metadata, version
 * bytes), for processes that run many members at once: a simulator with N members in one process
 * holds N² member records, and without sharing every record carries its own copy of each string
 * and byte array it decoded. A member's behaviour does not depend on it: records never mutate
 * these values (metadata is replaced, never written in place), so equal values may be one object.
 * A single member gains nothing and uses none by default.
 */
export interface Interner {
  /**
   * A canonical claim equal to this one: every field replaced by its canonical equal, and the
   * same object for equal claims (so member tables that keep claims by reference share them).
   *
   * @param claim - a decoded alive claim.
   */
  claim(claim: AliveClaim): AliveClaim;
}

/** The canonical empty byte array (never written). */
const NO_BYTES = new Uint8Array(0);

/** Byte arrays up to this length are interned; longer ones are kept as they are. */
const MAX_INTERNED_BYTES = 1024;

/**
 * An interner backed by three maps (strings, byte arrays by content, the latest claim per name). It only grows: meant for a
 * simulation's lifetime, where the set of distinct names, addresses and metadata is bounded.
 *
 * @example
 * ```ts
 * const interner = createInterner();
 * const config = { name: 'a', transport, interner }; // share one interner among simulated members
 * ```
 */
export function createInterner(): Interner {
  const strings = new Map<string, string>();
  const bytes = new Map<string, Uint8Array>();
  const str = (s: string): string => {
    const known = strings.get(s);
    if (known !== undefined) return known;
    strings.set(s, s);
    return s;
  };
  const bin = (b: Uint8Array): Uint8Array => {
    if (b.length > MAX_INTERNED_BYTES) return b;
    if (b.length === 0) return NO_BYTES;
    let key = '';
    if (b.length <= 64) key = String.fromCharCode.apply(null, b as unknown as number[]);
    else for (let i = 0; i < b.length; i++) key += String.fromCharCode(b[i]!);
    const known = bytes.get(key);
    if (known !== undefined) return known;
    bytes.set(key, b);
    return b;
  };
  // The latest canonical claim per member name: a cluster mostly passes around one claim per
  // member (until it updates its metadata or refutes), so one slot per name finds nearly all.
  const claims = new Map<string, AliveClaim>();
  return {
    claim: (c) => {
      // Fast path: most claims repeat the latest one about their member (compared by content,
      // without building the byte arrays' keys).
      const latest = claims.get(c.name);
      if (
        latest !== undefined &&
        latest.incarnation === c.incarnation &&
        latest.address === c.address &&
        bytesEqual(latest.meta, c.meta) &&
        bytesEqual(latest.vsn, c.vsn)
      )
        return latest;
      const name = str(c.name);
      const address = str(c.address);
      const meta = bin(c.meta);
      const vsn = bin(c.vsn);
      const known = claims.get(name);
      if (
        known !== undefined &&
        known.address === address &&
        known.meta === meta &&
        known.vsn === vsn &&
        known.incarnation === c.incarnation
      )
        return known;
      const canonical: AliveClaim = Object.freeze({
        name,
        address,
        meta,
        incarnation: c.incarnation,
        vsn,
      });
      claims.set(name, canonical);
      return canonical;
    },
  };
}
