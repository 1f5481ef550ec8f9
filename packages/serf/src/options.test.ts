import { describe, expect, it } from 'vitest';
import { SERF_DEFAULTS, resolveSerfOptions } from './options.js';
import type { SerfOptions } from './options.js';

describe('resolveSerfOptions', () => {
  it("applies Serf's defaults and overrides", () => {
    expect(resolveSerfOptions()).toEqual(SERF_DEFAULTS);
    expect(resolveSerfOptions({ protocolVersion: 4, reapIntervalMs: 100 })).toMatchObject({
      protocolVersion: 4,
      reapIntervalMs: 100,
      tombstoneTimeoutMs: 86_400_000,
    });
    expect(Object.isFrozen(resolveSerfOptions())).toBe(true);
  });

  it.each([
    [{ protocolVersion: 1 }],
    [{ protocolVersion: 6 }],
    [{ eventBuffer: 0 }],
    [{ reapIntervalMs: 0 }],
    [{ broadcastTimeoutMs: -1 }],
    [{ nope: 1 } as unknown as SerfOptions],
    [{ userCoalescePeriodMs: 1_000 }],
  ])('refuses %j', (o) => {
    expect(() => resolveSerfOptions(o)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });
});
