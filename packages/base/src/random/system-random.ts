import { checkIntBound, type Random } from './random.js';

/** `Math.random`-backed {@link Random}, for production use where reproducibility is not needed. */
export const systemRandom: Random = Object.freeze({
  next(): number {
    return Math.random();
  },
  int(maxExclusive: number): number {
    checkIntBound(maxExclusive);
    return Math.floor(Math.random() * maxExclusive);
  },
});
