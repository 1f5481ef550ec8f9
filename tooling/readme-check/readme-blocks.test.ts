// Every TypeScript block in every Markdown file of the repository is type-checked (strict base
// config) and run as a real process (node --conditions=@ring/source --import tsx, loopback only,
// with a timeout), unless the line before its fence is `<!-- fragment -->` (see docs/TESTING.md).
// Files are found by walking the tree, so a README added or changed anywhere is checked too.
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTypeScriptBlocks, type CodeBlock } from './markdown-blocks.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const guard = join(here, 'loopback-guard.mjs');
/**
 * Wall-clock limit of one block's process. The examples finish in 1–3 s on an idle machine; the
 * margin is for a loaded 2-core CI box running the rest of `pnpm test` at the same time.
 */
const RUN_TIMEOUT_MS = 60_000;
/** Blocks running at once (each is a tsx process compiling workspace sources). */
const MAX_PARALLEL = Math.max(2, Math.min(4, availableParallelism()));
/** Appended to every failure: how to exempt a block that is not meant to run. */
const HINT =
  '\n(a block that is not meant to run as is gets `<!-- fragment: why -->` on the line before its fence; see docs/TESTING.md)';
/** Directories never searched for Markdown. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);

/** Every Markdown file of the repository, relative to the root, sorted. */
function markdownFiles(dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(path));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
      found.push(relative(root, path));
    }
  }
  return found.sort();
}

/** The nearest directory at or above `file`'s that holds a package.json: the block's package. */
function packageHome(file: string): string {
  let dir = dirname(resolve(root, file));
  while (dir !== root && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** The published packages (`packages/*` that are not private): a README may import any of them. */
function publicPackages(): { name: string; dir: string }[] {
  const dir = join(root, 'packages');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'package.json')))
    .map((e) => {
      const manifest = JSON.parse(readFileSync(join(dir, e.name, 'package.json'), 'utf8')) as {
        name: string;
        private?: boolean;
      };
      return { name: manifest.name, dir: join(dir, e.name), private: manifest.private === true };
    })
    .filter((p) => !p.private)
    .map(({ name, dir: d }) => ({ name, dir: d }));
}

interface Entry {
  readonly file: string;
  readonly block: CodeBlock;
  /** Where the block is written (set in beforeAll). */
  path: string;
}

const files = markdownFiles();
const entries: Entry[] = files.flatMap((file) =>
  findTypeScriptBlocks(readFileSync(join(root, file), 'utf8')).map((block) => ({
    file,
    block,
    path: '',
  })),
);
const runnable = entries.filter((e) => e.block.fragment === undefined);
const tempDirs: string[] = [];
const diagnostics = new Map<string, string[]>();

/**
 * Write each runnable block into a temporary directory inside its package, so that bare imports
 * resolve the way they would for a user of that package: the package's own dependencies, plus a
 * `node_modules/@ring/*` link to every published package (a user installs the ones they import).
 * Anything else — a dependency the package does not have — fails to resolve, as it would for them.
 */
function writeBlocks(): void {
  const packages = publicPackages();
  const dirs = new Map<string, string>();
  for (const entry of runnable) {
    const home = packageHome(entry.file);
    let dir = dirs.get(home);
    if (dir === undefined) {
      dir = mkdtempSync(join(home, '.readme-blocks-'));
      tempDirs.push(dir);
      dirs.set(home, dir);
      mkdirSync(join(dir, 'node_modules', '@ring'), { recursive: true });
      for (const p of packages) {
        symlinkSync(p.dir, join(dir, 'node_modules', ...p.name.split('/')), 'dir');
      }
    }
    const slug = entry.file
      .replace(/\.md$/i, '')
      .split(sep)
      .join('-')
      .replace(/[^\w-]/g, '_');
    entry.path = join(dir, `${slug}-L${entry.block.fenceLine}.mts`);
    writeFileSync(entry.path, entry.block.code);
  }
}

/** Type-check every block in one program with the repository's strict base config. */
function typeCheck(): void {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tooling/tsconfig/base.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('tooling/tsconfig/base.json did not parse');
  const program = ts.createProgram(
    runnable.map((e) => e.path),
    { ...config.options, noEmit: true, declaration: false, declarationMap: false },
  );
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const entry of runnable) {
    const source = program.getSourceFile(entry.path);
    const found = source
      ? [
          ...global,
          ...program.getSyntacticDiagnostics(source),
          ...program.getSemanticDiagnostics(source),
        ]
      : global;
    diagnostics.set(
      entry.path,
      found.map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (d.file === undefined || d.start === undefined) return `TS${d.code}: ${text}`;
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        // The block's first line is the line after its opening fence.
        return `${entry.file}:${entry.block.fenceLine + 1 + line}: TS${d.code}: ${text}`;
      }),
    );
  }
}

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

let running = 0;
const waiting: (() => void)[] = [];

/** Run `task` when fewer than {@link MAX_PARALLEL} blocks are running. */
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running < MAX_PARALLEL) running++;
  else await new Promise<void>((go) => waiting.push(go)); // the finishing task hands its slot over
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next();
  }
}

/** Run one block as a consumer would (sources through the @ring/source condition, via tsx). */
function runBlock(path: string): Promise<Run> {
  return limited(() => spawnBlock(path));
}

function spawnBlock(path: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@ring/source', '--import', 'tsx', '--import', guard, path],
      { cwd: root, timeout: RUN_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Output compared without trailing spaces on lines and without trailing blank lines. */
function normalise(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

beforeAll(() => {
  writeBlocks();
  typeCheck();
}, 120_000);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('README TypeScript blocks', () => {
  it('finds the READMEs, and the blocks in them', () => {
    expect(files).toContain('README.md');
    for (const pkg of ['transport', 'swim', 'broadcast', 'hashring', 'partitions']) {
      expect(files).toContain(join('packages', pkg, 'README.md'));
    }
    expect(runnable.length).toBeGreaterThan(0);
    expect(runnable.map((e) => e.file)).toContain('README.md'); // the composition example
  });

  it.concurrent.each(runnable.map((e) => [`${e.file}:${e.block.fenceLine}`, e] as const))(
    '%s type-checks and runs (exit 0)',
    async (_name, entry) => {
      expect(diagnostics.get(entry.path), `type errors${HINT}`).toEqual([]);
      const result = await runBlock(entry.path);
      const report = `${entry.file}:${entry.block.fenceLine} exited with ${String(
        result.code ?? result.signal,
      )}${result.signal === 'SIGTERM' ? ` (killed after ${RUN_TIMEOUT_MS} ms)` : ''}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}${HINT}`;
      expect(result.code, report).toBe(0);
      expect(result.stderr, report).toBe('');
      if (entry.block.output !== undefined) {
        expect(
          normalise(result.stdout),
          `stdout against the <!-- output --> block; the whole stdout:\n${result.stdout}`,
        ).toBe(normalise(entry.block.output));
      }
    },
    2 * RUN_TIMEOUT_MS + 10_000, // a block may wait for a free slot first
  );
});
