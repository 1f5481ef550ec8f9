// Documentation cites only files that exist: every repository path in a Markdown file — a code
// span such as `packages/swim/src/core/timing.ts` or `docs/TESTING.md`, and every relative link
// target — must name a file or folder of this repository. A moved or deleted file then fails here
// instead of leaving a reader with a dead reference.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.turbo']);

function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) markdownFiles(p, out);
    else if (name.endsWith('.md') && !name.startsWith('CHANGELOG')) out.push(p);
  }
  return out;
}

/** A code span that names a repository path: starts with a top-level folder, no spaces or globs. */
const REPO_PATH = /^(packages|apps|tooling|docs|scripts|\.ci)\/[\w.@/-]*$/;
/** In a package's README, a code span naming one of the package's own files or folders. */
const PACKAGE_PATH = /^(src|test|bench|scripts|bin|api)\/[\w.@/-]*$/;

/** A Markdown file at the top of a package, app or tooling folder (its paths are package-relative). */
function inPackage(file: string): boolean {
  return /^(packages|apps|tooling)\/[^/]+\/[^/]+\.md$/.test(relative(root, file));
}

/** Paths a Markdown file cites: repository-path code spans and relative link targets. */
export function citedPaths(file: string, text: string): { cited: string; path: string }[] {
  const out: { cited: string; path: string }[] = [];
  const prose = text.replace(/^```[\s\S]*?^```/gm, ''); // code blocks are examples, not citations
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
    const span = m[1]!.replace(/:\d+(-\d+)?$/, ''); // file.ts:12 cites file.ts
    if (REPO_PATH.test(span)) out.push({ cited: span, path: resolve(root, span) });
    else if (PACKAGE_PATH.test(span) && inPackage(file))
      out.push({ cited: span, path: resolve(dirname(file), span) });
  }
  for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1]!.split('#')[0]!;
    if (target === '' || /^[a-z]+:/i.test(target)) continue; // anchors, http(s), mailto
    out.push({ cited: target, path: resolve(dirname(file), target) });
  }
  return out;
}

describe('documentation cites only files that exist', () => {
  const files = markdownFiles(root);

  it('finds the Markdown files (the root README and docs/ among them)', () => {
    const names = files.map((f) => relative(root, f));
    expect(names).toContain('README.md');
    expect(names).toContain('docs/ARCHITECTURE.md');
  });

  it('recognises code-span paths and relative links, not code blocks or URLs', () => {
    const text = [
      'See `packages/swim/src/index.ts:10`, `src/core/` and [tests](../docs/TESTING.md#x), not',
      '[the site](https://example.com) or `pnpm test` or `src/x.ts`.',
      '```ts',
      "import x from 'packages/nope/here.ts';",
      '```',
    ].join('\n');
    expect(citedPaths(join(root, 'docs', 'X.md'), text).map((c) => c.cited)).toEqual([
      'packages/swim/src/index.ts',
      '../docs/TESTING.md',
    ]);
    expect(
      citedPaths(join(root, 'packages', 'swim', 'README.md'), text).map((c) => c.path),
    ).toContain(join(root, 'packages', 'swim', 'src', 'core'));
  });

  it.each(files.map((f) => [relative(root, f), f] as const))('%s', (_name, file) => {
    const missing = citedPaths(file, readFileSync(file, 'utf8'))
      .filter((c) => !existsSync(c.path))
      .map((c) => c.cited);
    expect(missing, 'cited paths that do not exist').toEqual([]);
  });
});
