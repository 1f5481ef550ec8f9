import { describe, expect, it } from 'vitest';
import {
  MAX_INCARNATION,
  isImplausibleJump,
  nextIncarnation,
  refuteIncarnation,
} from './incarnation.js';

describe('incarnation arithmetic', () => {
  it.each([
    // local, accused, maxJump, → incarnation, saturated, implausible
    [1, 1, 100, 2, false, false],
    [5, 3, 100, 6, false, false],
    [5, 90, 100, 91, false, false],
    [5, 106, 100, 6, false, true],
    [MAX_INCARNATION - 1, MAX_INCARNATION - 1, 100, MAX_INCARNATION, false, false],
    [MAX_INCARNATION - 1, MAX_INCARNATION, 100, MAX_INCARNATION, true, false],
    [MAX_INCARNATION, MAX_INCARNATION, 100, MAX_INCARNATION, true, false],
    [1, MAX_INCARNATION, 100, 2, false, true],
  ] as const)(
    'local %i accused %i (jump ≤ %i) refutes with %i (saturated %s, implausible %s)',
    (local, accused, maxJump, inc, saturated, implausible) => {
      expect(refuteIncarnation(local, accused, maxJump)).toEqual({
        incarnation: inc,
        saturated,
        implausible,
      });
    },
  );

  it('never produces a value outside uint32', () => {
    for (const local of [0, 1, 2 ** 31, MAX_INCARNATION - 1, MAX_INCARNATION]) {
      for (const accused of [0, local, MAX_INCARNATION]) {
        const r = refuteIncarnation(local, accused, 2 ** 32);
        expect(r.incarnation).toBeLessThanOrEqual(MAX_INCARNATION);
        expect(r.incarnation >>> 0).toBe(r.incarnation);
      }
    }
    expect(nextIncarnation(MAX_INCARNATION)).toBe(MAX_INCARNATION);
    expect(nextIncarnation(7)).toBe(8);
  });

  it('a jump is implausible only strictly beyond the bound', () => {
    expect(isImplausibleJump(10, 110, 100)).toBe(false);
    expect(isImplausibleJump(10, 111, 100)).toBe(true);
    expect(isImplausibleJump(10, 3, 100)).toBe(false);
  });
});
