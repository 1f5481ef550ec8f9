import { describe, expect, it } from 'vitest';
import { findTypeScriptBlocks, MarkdownBlockError } from './markdown-blocks.js';

const md = (...lines: string[]): string => lines.join('\n');

describe('findTypeScriptBlocks', () => {
  it('finds ts, typescript and tsx blocks with their fence line, and skips other languages', () => {
    const blocks = findTypeScriptBlocks(
      md(
        '# t',
        '```ts',
        'const a = 1;',
        '```',
        '```sh',
        'echo not ts',
        '```',
        '```typescript title="x"',
        'const b = 2;',
        '```',
        '~~~tsx',
        'const c = 3;',
        '~~~',
      ),
    );
    expect(blocks.map((b) => [b.language, b.fenceLine, b.code])).toEqual([
      ['ts', 2, 'const a = 1;\n'],
      ['typescript', 8, 'const b = 2;\n'],
      ['tsx', 11, 'const c = 3;\n'],
    ]);
    expect(blocks.every((b) => b.fragment === undefined && b.output === undefined)).toBe(true);
  });

  it('a fragment marker on the last non-blank line before the fence exempts that block only', () => {
    const blocks = findTypeScriptBlocks(
      md(
        '<!-- fragment: a type sketch -->',
        '',
        '```ts',
        'interface X {}',
        '```',
        '<!-- fragment -->',
        'prose in between cancels it',
        '```ts',
        'run();',
        '```',
        '<!--fragment-->',
        '```ts',
        'sketch();',
        '```',
      ),
    );
    expect(blocks.map((b) => b.fragment)).toEqual(['a type sketch', undefined, '']);
  });

  it('ignores ts fences inside other fences, and strips the fence indentation', () => {
    const blocks = findTypeScriptBlocks(
      md('````md', '```ts', 'inside();', '```', '````', '  ```ts', '  indented();', '  ```'),
    );
    expect(blocks.map((b) => [b.fenceLine, b.code])).toEqual([[6, 'indented();\n']]);
  });

  it('an <!-- output --> block after a runnable block is its expected output', () => {
    const [block] = findTypeScriptBlocks(
      md('```ts', 'console.log(1);', '```', 'It prints:', '<!-- output -->', '```', '1', '```'),
    );
    expect(block?.output).toBe('1\n');
  });

  it('rejects an unclosed fence and an output block that follows no runnable block', () => {
    expect(() => findTypeScriptBlocks(md('```ts', 'x();'))).toThrow(MarkdownBlockError);
    expect(() =>
      findTypeScriptBlocks(md('```sh', 'ls', '```', '<!-- output -->', '```', 'a', '```')),
    ).toThrow(/line 5 does not follow a runnable TypeScript block/);
    expect(() =>
      findTypeScriptBlocks(
        md('<!-- fragment -->', '```ts', 'x();', '```', '<!-- output -->', '```', 'a', '```'),
      ),
    ).toThrow(MarkdownBlockError);
  });
});
