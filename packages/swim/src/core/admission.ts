/**
 * Admission of new member names from unauthenticated peers: name validity and a token bucket
 * for the rate of new names. Pure (time is passed in).
 */

/**
 * A token bucket: `burst` tokens, refilled at `perSecond`.
 *
 * @example
 * ```ts
 * const b = new TokenBucket(128, 4096, clock.now());
 * if (!b.take(clock.now())) refuse();
 * ```
 */
export class TokenBucket {
  readonly #perMs: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  /**
   * @param perSecond - refill rate.
   * @param burst - capacity (and initial fill).
   * @param now - clock time (ms).
   */
  constructor(perSecond: number, burst: number, now: number) {
    this.#perMs = perSecond / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }

  /**
   * Take one token if there is one.
   *
   * @param now - clock time (ms).
   * @returns false when the bucket is empty.
   */
  take(now: number): boolean {
    if (now > this.#at) {
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
      this.#at = now;
    }
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/**
 * UTF-8 length of a string (lone surrogates count 3, as `TextEncoder` would write U+FFFD).
 *
 * @param s - the string.
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * True when `name` may name a member: not empty, at most `maxBytes` UTF-8 bytes, and valid
 * UTF-8 on the wire. The wire decoder turns invalid UTF-8 into U+FFFD, so a name containing
 * U+FFFD (or a lone surrogate) is refused; so are C0/C1 control characters, which no
 * host or node name uses and which make logs ambiguous.
 *
 * @param name - the decoded name.
 * @param maxBytes - longest name in UTF-8 bytes.
 */
export function isValidMemberName(name: string, maxBytes: number): boolean {
  if (name.length === 0 || utf8Length(name) > maxBytes) return false;
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    // Control characters, U+FFFD (invalid UTF-8 on the wire), lone surrogates.
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd || (c >= 0xd800 && c <= 0xdfff))
      return false;
  }
  return true;
}
