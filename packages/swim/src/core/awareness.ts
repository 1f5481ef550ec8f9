/**
 * Lifeguard local health awareness (memberlist `awareness.go`): an integer score in
 * `[0, max - 1]` that rises when this node misses acks or has to refute suspicions about itself,
 * falls with every successful probe, and stretches the probe interval by `score + 1`. A node that
 * is itself slow thereby probes less aggressively and is slower to accuse others.
 */
export class Awareness {
  readonly #max: number;
  #score = 0;

  /**
   * @param maxMultiplier - memberlist `AwarenessMaxMultiplier` (≥ 1); the score stays below it.
   */
  constructor(maxMultiplier: number) {
    this.#max = Math.max(1, Math.floor(maxMultiplier));
  }

  /** The current health score: 0 is healthy, higher is worse. */
  get score(): number {
    return this.#score;
  }

  /**
   * Add `delta` (may be negative) and clamp to `[0, max - 1]`.
   *
   * @param delta - change to apply.
   * @returns the new score.
   */
  applyDelta(delta: number): number {
    const next = this.#score + delta;
    this.#score = next < 0 ? 0 : next > this.#max - 1 ? this.#max - 1 : next;
    return this.#score;
  }

  /**
   * Scale a duration by the health: `durationMs × (score + 1)`.
   *
   * @param durationMs - the nominal duration.
   */
  scaleTimeout(durationMs: number): number {
    return durationMs * (this.#score + 1);
  }
}
