import { PartitionsError } from '../errors.js';

/** How `watchTags` patterns combine: `all` — every watched tag must match; `any` — at least one. */
export type TagMatch = 'all' | 'any';

/** A member's tags: string keys to string values (Serf's tag model). */
export type Tags = Readonly<Record<string, string>>;

/** Decides from a member's tags whether it takes part in the partition table. */
export type TagFilter = (tags: Tags) => boolean;

/**
 * Compile `watchTags` into a filter.
 *
 * A watched tag matches when the member has that tag and the pattern matches its value (a search,
 * not anchored, like Go's `regexp.MatchString`; anchor with `^…$` for an exact match). A string
 * pattern is compiled with `new RegExp(pattern)`. With no watched tags every member takes part.
 * Unlike libring — whose docs say all-match while its code does any-match — the mode is explicit.
 *
 * @param watchTags - tag name → pattern.
 * @param match - `all` (default) or `any`.
 * @throws PartitionsError `ERR_INVALID_TAG_PATTERN` for a string that is not a valid regular
 *   expression or a pattern of another type; `ERR_INVALID_OPTION` for an unknown `match`.
 */
export function compileTagFilter(
  watchTags: Readonly<Record<string, RegExp | string>>,
  match: TagMatch = 'all',
): TagFilter {
  if (match !== 'all' && match !== 'any') {
    throw new PartitionsError(
      'ERR_INVALID_OPTION',
      `match must be 'all' or 'any', got ${JSON.stringify(match)}`,
    );
  }
  const rules: [string, RegExp][] = [];
  for (const [tag, pattern] of Object.entries(watchTags)) {
    rules.push([tag, compilePattern(tag, pattern)]);
  }
  if (rules.length === 0) return () => true;
  const test = (tags: Tags, [tag, re]: [string, RegExp]): boolean => {
    const value = Object.hasOwn(tags, tag) ? tags[tag] : undefined;
    if (typeof value !== 'string') return false;
    re.lastIndex = 0; // a /g or /y pattern is stateful; every test starts fresh
    return re.test(value);
  };
  return match === 'all'
    ? (tags) => rules.every((rule) => test(tags, rule))
    : (tags) => rules.some((rule) => test(tags, rule));
}

function compilePattern(tag: string, pattern: unknown): RegExp {
  if (pattern instanceof RegExp) return pattern;
  if (typeof pattern !== 'string') {
    throw new PartitionsError(
      'ERR_INVALID_TAG_PATTERN',
      `watchTags.${tag} must be a RegExp or a string, got ${typeof pattern}`,
    );
  }
  try {
    return new RegExp(pattern);
  } catch (cause) {
    throw new PartitionsError(
      'ERR_INVALID_TAG_PATTERN',
      `watchTags.${tag} is not a valid regular expression: ${pattern}`,
      { cause },
    );
  }
}
