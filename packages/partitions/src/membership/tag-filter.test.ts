import { describe, expect, it } from 'vitest';
import { compileTagFilter } from './tag-filter.js';
import { codeOf } from '../testing/error-code.js';

describe('compileTagFilter', () => {
  it('lets every member in when no tags are watched', () => {
    expect(compileTagFilter({})({})).toBe(true);
    expect(compileTagFilter({}, 'any')({ role: 'x' })).toBe(true);
  });

  it("'all' requires every watched tag present and matching", () => {
    const f = compileTagFilter({ ring: /active/, dc: '^eu-' }, 'all');
    expect(f({ ring: 'active', dc: 'eu-west' })).toBe(true);
    expect(f({ ring: 'active', dc: 'us-east' })).toBe(false);
    expect(f({ ring: 'active' })).toBe(false);
    expect(f({})).toBe(false);
  });

  it("'any' requires at least one watched tag matching (libring's actual behaviour)", () => {
    const f = compileTagFilter({ ring: /active/, dc: '^eu-' }, 'any');
    expect(f({ ring: 'active', dc: 'us-east' })).toBe(true);
    expect(f({ dc: 'eu-north' })).toBe(true);
    expect(f({ ring: 'inactive-ish' })).toBe(true); // unanchored search, like Go's MatchString
    expect(f({ ring: 'idle', dc: 'us' })).toBe(false);
  });

  it('defaults to all', () => {
    const f = compileTagFilter({ a: 'x', b: 'y' });
    expect(f({ a: 'x' })).toBe(false);
    expect(f({ a: 'x', b: 'y' })).toBe(true);
  });

  it('does not read inherited properties as tags', () => {
    const f = compileTagFilter({ toString: /function/ });
    expect(f({})).toBe(false);
  });

  it('is not confused by stateful /g patterns', () => {
    const f = compileTagFilter({ ring: /on/g });
    expect([f({ ring: 'on' }), f({ ring: 'on' }), f({ ring: 'on' })]).toEqual([true, true, true]);
  });

  it('rejects invalid patterns with ERR_INVALID_TAG_PATTERN and bad modes with ERR_INVALID_OPTION', () => {
    expect(codeOf(() => compileTagFilter({ ring: '(unclosed' }))).toBe('ERR_INVALID_TAG_PATTERN');
    expect(codeOf(() => compileTagFilter({ ring: 42 as unknown as string }))).toBe(
      'ERR_INVALID_TAG_PATTERN',
    );
    expect(codeOf(() => compileTagFilter({ ring: 'x' }, 'some' as 'all'))).toBe(
      'ERR_INVALID_OPTION',
    );
  });
});
