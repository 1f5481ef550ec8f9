// Finds the TypeScript code blocks of Markdown files: what tooling/readme-check runs and
// type-checks. Pure (no I/O), so the rules are tested on their own in markdown-blocks.test.ts.

/** Fence languages that count as TypeScript. */
export const TS_LANGUAGES: ReadonlySet<string> = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);

/**
 * The marker that exempts the block after it from being run: `<!-- fragment -->` or
 * `<!-- fragment: why -->` as the last non-blank line before the opening fence.
 */
export const FRAGMENT_MARKER = /^<!--\s*fragment(?:\s*:\s*(.*?))?\s*-->$/;

/** One fenced TypeScript block. Line numbers are 1-based lines of the Markdown file. */
export interface CodeBlock {
  /** The fence's language tag as written (`ts`, `typescript`, …). */
  readonly language: string;
  /** Line of the opening fence. */
  readonly fenceLine: number;
  /** The block's text, with the fence's indentation removed, ending with a newline. */
  readonly code: string;
  /** Set when the block is marked `<!-- fragment -->`: the reason given, or '' when none. */
  readonly fragment: string | undefined;
}

/** Thrown for Markdown whose fences cannot be read unambiguously. */
export class MarkdownBlockError extends Error {
  readonly code = 'ERR_MARKDOWN_FENCE';
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;

/**
 * Every fenced code block in `markdown` whose language is TypeScript, in order.
 *
 * @throws MarkdownBlockError `ERR_MARKDOWN_FENCE` for a fence that is never closed.
 */
export function findTypeScriptBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING_FENCE.exec(lines[i]!);
    if (open === null) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const language = open[3]!.toLowerCase();
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end++;
    if (end >= lines.length) {
      throw new MarkdownBlockError(`the code fence opened on line ${i + 1} is never closed`);
    }
    if (TS_LANGUAGES.has(language)) {
      const body = lines.slice(i + 1, end).map((line) => stripIndent(line, indent));
      blocks.push({
        language,
        fenceLine: i + 1,
        code: body.join('\n') + '\n',
        fragment: fragmentReason(lines, i),
      });
    }
    i = end;
  }
  return blocks;
}

/** The fragment reason when the last non-blank line before line index `fence` is the marker. */
function fragmentReason(lines: readonly string[], fence: number): string | undefined {
  for (let j = fence - 1; j >= 0; j--) {
    const line = lines[j]!.trim();
    if (line === '') continue;
    const marker = FRAGMENT_MARKER.exec(line);
    return marker === null ? undefined : (marker[1] ?? '');
  }
  return undefined;
}

function stripIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && line[n] === ' ') n++;
  return line.slice(n);
}
