/**
 * Incarnation arithmetic that never leaves the wire's uint32 range (memberlist's `Incarnation` is
 * a Go `uint32`; a value ≥ 2³² cannot be encoded, and Go wraps it to 0, which nobody accepts).
 */

/** The largest incarnation the wire can carry: 2³² − 1. */
export const MAX_INCARNATION = 0xffff_ffff;

/** What a refutation produced. */
export interface Refutation {
  /** Our new incarnation (never above {@link MAX_INCARNATION}). */
  readonly incarnation: number;
  /**
   * True when the new incarnation is not above the accused one: the refutation cannot win by
   * incarnation (the accusation is at {@link MAX_INCARNATION}). Ring peers still accept it (an
   * alive at the maximum overrides suspect/dead at the maximum); Go memberlist peers do not.
   */
  readonly saturated: boolean;
  /** True when the accused incarnation was implausibly far above ours and was not chased. */
  readonly implausible: boolean;
}

/**
 * The incarnation to refute an accusation with (memberlist's `refute` plus Ring's two rules):
 * `min(max(local + 1, accused + 1), 2³² − 1)`, except that an accusation more than `maxJump`
 * above our own incarnation is not chased (a third party cannot know a higher incarnation of us
 * than we hold, except after a restart), so we answer with `local + 1`.
 *
 * @param local - our current incarnation.
 * @param accused - the incarnation in the claim we refute.
 * @param maxJump - largest plausible distance between a claim about us and our incarnation.
 */
export function refuteIncarnation(local: number, accused: number, maxJump: number): Refutation {
  const implausible = accused > local + maxJump;
  const target = implausible ? local + 1 : Math.max(local + 1, accused + 1);
  const incarnation = Math.min(target, MAX_INCARNATION);
  return { incarnation, saturated: !implausible && incarnation <= accused, implausible };
}

/**
 * True when a claim's incarnation is implausibly far above the one we know for that member.
 *
 * @param known - the incarnation we hold.
 * @param claimed - the incarnation in the claim.
 * @param maxJump - largest plausible distance.
 */
export function isImplausibleJump(known: number, claimed: number, maxJump: number): boolean {
  return claimed - known > maxJump;
}

/**
 * The next incarnation for a voluntary bump (metadata update), saturating at the maximum.
 *
 * @param local - current incarnation.
 */
export function nextIncarnation(local: number): number {
  return Math.min(local + 1, MAX_INCARNATION);
}
