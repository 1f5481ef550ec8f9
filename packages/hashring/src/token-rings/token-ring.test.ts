import { describe, expect, it } from 'vitest';
import { buildTokens } from './token-ring.js';

const emitAll =
  (pairs: [number, number][]) =>
  (emit: (token: number, owner: number) => void): void => {
    for (const [token, owner] of pairs) emit(token, owner);
  };

describe('buildTokens', () => {
  const pairs: [number, number][] = [
    [500, 2],
    [0xffffffff, 0],
    [7, 1],
    [500, 0],
    [500, 1],
    [0, 3],
  ];
  it("sorts by token then owner and keeps duplicates under 'first'", () => {
    const { tokens, owners } = buildTokens(pairs.length, emitAll(pairs), 'first');
    expect([...tokens]).toEqual([0, 7, 500, 500, 500, 0xffffffff]);
    expect([...owners]).toEqual([3, 1, 0, 1, 2, 0]);
  });
  it("keeps only the highest owner of equal tokens under 'last' (a map written in node order)", () => {
    const { tokens, owners } = buildTokens(pairs.length, emitAll(pairs), 'last');
    expect([...tokens]).toEqual([0, 7, 500, 0xffffffff]);
    expect([...owners]).toEqual([3, 1, 2, 0]);
  });
  it('rejects rings beyond the token limit', () => {
    expect(() => buildTokens(2 ** 25, () => undefined, 'first')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });
});
