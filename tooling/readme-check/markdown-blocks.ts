// Finds the TypeScript code blocks of Markdown files: what tooling/readme-check runs and
// type-checks. Pure (no I/O), so the rules are tested on their own in markdown-blocks.test.ts.

/** Fence languages that count as TypeScript. */
export const TS_LANGUAGES: ReadonlySet<string> = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);

/**
 * The marker that exempts the block after it from being run: `<!-- fragment -->` or
 * `<!-- fragment: why -->` as the last non-blank line before the opening fence.
 */
export const FRAGMENT_MARKER = /^<!--\s*fragment(?:\s*:\s*(.*?))?\s*-->$/;

/**
 * The marker that makes the fenced block after it the expected standard output of the TypeScript
 * block just before it: `<!-- output -->` as the last non-blank line before its opening fence.
 */
export const OUTPUT_MARKER = /^<!--\s*output\s*-->$/;

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
  /** The block's expected standard output, when the next fence is marked `<!-- output -->`. */
  readonly output: string | undefined;
}

/** Thrown for Markdown whose fences cannot be read unambiguously. */
export class MarkdownBlockError extends Error {
  readonly code = 'ERR_MARKDOWN_FENCE';
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;

interface Fence {
  readonly language: string;
  readonly line: number;
  readonly body: string;
  readonly marker: string | undefined;
}

/**
 * Every fenced code block in `markdown` whose language is TypeScript, in order.
 *
 * @throws MarkdownBlockError `ERR_MARKDOWN_FENCE` for a fence that is never closed, or for an
 *   `<!-- output -->` block that does not follow a runnable TypeScript block (its output would go
 *   unchecked).
 */
export function findTypeScriptBlocks(markdown: string): CodeBlock[] {
  const fences = readFences(markdown);
  const blocks: CodeBlock[] = [];
  fences.forEach((fence, i) => {
    const next = fences[i + 1];
    const hasOutput = next?.marker !== undefined && OUTPUT_MARKER.test(next.marker);
    if (fence.marker !== undefined && OUTPUT_MARKER.test(fence.marker)) {
      const previous = i > 0 ? fences[i - 1] : undefined;
      if (
        previous === undefined ||
        !TS_LANGUAGES.has(previous.language) ||
        fragmentOf(previous.marker) !== undefined
      ) {
        throw new MarkdownBlockError(
          `the <!-- output --> block on line ${fence.line} does not follow a runnable TypeScript block`,
        );
      }
    }
    if (!TS_LANGUAGES.has(fence.language)) return;
    blocks.push({
      language: fence.language,
      fenceLine: fence.line,
      code: fence.body,
      fragment: fragmentOf(fence.marker),
      output: hasOutput ? next.body : undefined,
    });
  });
  return blocks;
}

function fragmentOf(marker: string | undefined): string | undefined {
  const match = marker === undefined ? null : FRAGMENT_MARKER.exec(marker);
  return match === null ? undefined : (match[1] ?? '');
}

/** Every fenced block, with the `<!-- … -->` comment (if any) on the last non-blank line before it. */
function readFences(markdown: string): Fence[] {
  const lines = markdown.split(/\r?\n/);
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING_FENCE.exec(lines[i]!);
    if (open === null) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end++;
    if (end >= lines.length) {
      throw new MarkdownBlockError(`the code fence opened on line ${i + 1} is never closed`);
    }
    const body = lines.slice(i + 1, end).map((line) => stripIndent(line, indent));
    fences.push({
      language: open[3]!.toLowerCase(),
      line: i + 1,
      body: body.join('\n') + '\n',
      marker: commentBefore(lines, i),
    });
    i = end;
  }
  return fences;
}

/** The last non-blank line before line index `fence` when it is an HTML comment. */
function commentBefore(lines: readonly string[], fence: number): string | undefined {
  for (let j = fence - 1; j >= 0; j--) {
    const line = lines[j]!.trim();
    if (line === '') continue;
    return line.startsWith('<!--') && line.endsWith('-->') ? line : undefined;
  }
  return undefined;
}

function stripIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && line[n] === ' ') n++;
  return line.slice(n);
}
