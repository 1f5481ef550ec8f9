// Consumer smoke suite (`pnpm test:consumer`): build and pack every publishable package, install
// the tarballs with npm into a scratch project outside the workspace, and use them there the way
// a new user would: an ESM program on a real UDP cluster, `tsc --strict` under node16 and bundler
// resolution, a CommonJS script that require()s every package, and publint on every tarball.
// Needs npm and access to the npm registry (for typescript, @types/node and the packages' own
// dependencies); without them the suite fails with the reason, it never skips.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const fixture = join(import.meta.dirname, 'fixture');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const packageDirs = readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d));

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function run(cmd: string, args: readonly string[], cwd: string, timeoutMs = 300_000): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: process.env });
  if (r.error) {
    throw new Error(`cannot run ${cmd} ${args.join(' ')} (in ${cwd}): ${r.error.message}`);
  }
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Run and throw (with the full output) unless it exits 0. */
function mustRun(what: string, cmd: string, args: readonly string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) {
    throw new Error(`${what} failed (exit ${r.status}): ${cmd} ${args.join(' ')}\n${r.output}`);
  }
  return r.output;
}

/** pnpm as started by `pnpm test:consumer` (npm_execpath), else the pinned version through npx. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath)) return [process.execPath, [execPath]];
  return ['npx', ['--yes', 'pnpm@10.34.9']];
}

let work = '';
let project = '';
let tarballs: string[] = [];

beforeAll(() => {
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (npm.error || npm.status !== 0) {
    throw new Error(
      'npm is required for the consumer smoke suite (it installs the packed tarballs); install Node.js >= 20.19 with npm',
    );
  }
  work = mkdtempSync(join(tmpdir(), 'ring-consumer-'));
  const packs = join(work, 'tarballs');
  project = join(work, 'project');
  const [pnpmCmd, pnpmArgs] = pnpm();
  mustRun('build', pnpmCmd, [...pnpmArgs, '-r', '--filter', './packages/*', 'build'], root);
  for (const dir of packageDirs) {
    mustRun(`pack ${dir}`, pnpmCmd, [...pnpmArgs, 'pack', '--pack-destination', packs], dir);
  }
  tarballs = readdirSync(packs)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(packs, f));
  expect(tarballs).toHaveLength(packageDirs.length);

  mustRun('mkdir', 'mkdir', ['-p', project], work);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'ring-consumer-smoke', private: true, type: 'module' }, null, 2),
  );
  const tsVersion = rootPkg.devDependencies['typescript'];
  const nodeTypes = rootPkg.devDependencies['@types/node'];
  if (tsVersion === undefined || nodeTypes === undefined) {
    throw new Error('root package.json must pin typescript and @types/node');
  }
  const install = run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      ...tarballs,
      `typescript@${tsVersion}`,
      `@types/node@${nodeTypes}`,
    ],
    project,
  );
  if (install.status !== 0) {
    throw new Error(
      `npm install of the packed tarballs failed (exit ${install.status}); the consumer smoke suite needs the npm registry (network) for typescript, @types/node and the packages' dependencies:\n${install.output}`,
    );
  }
  copyFileSync(join(fixture, 'cluster.ts'), join(project, 'cluster.ts'));
  copyFileSync(join(fixture, 'require-all.cjs'), join(project, 'require-all.cjs'));
  const common = {
    strict: true,
    target: 'es2022',
    lib: ['es2022'],
    types: ['node'],
    skipLibCheck: false,
  };
  writeFileSync(
    join(project, 'tsconfig.node16.json'),
    JSON.stringify({
      compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16', outDir: 'out' },
      files: ['cluster.ts'],
    }),
  );
  writeFileSync(
    join(project, 'tsconfig.bundler.json'),
    JSON.stringify({
      compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', noEmit: true },
      files: ['cluster.ts'],
    }),
  );
}, 900_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('packed packages in a scratch project outside the workspace', () => {
  it('the scratch project is outside the workspace', () => {
    expect(project.startsWith(root)).toBe(false);
  });

  it('every tarball ships LICENSE and a built dist/index.js', () => {
    for (const tgz of tarballs) {
      const list = mustRun('tar', 'tar', ['tzf', tgz], work).split('\n');
      expect(list, tgz).toContain('package/LICENSE');
      expect(list, tgz).toContain('package/dist/index.js');
      expect(list, tgz).toContain('package/dist/index.d.ts');
    }
  });

  it('publint passes on every tarball', () => {
    const publint = join(root, 'node_modules', '.bin', 'publint');
    for (const tgz of tarballs) {
      const out = mustRun(`publint ${tgz}`, publint, ['--strict', tgz], root);
      expect(out, tgz).toMatch(/All good!/);
    }
  });

  it('tsc --strict passes with module/moduleResolution node16 (and emits the program)', () => {
    const tsc = join(project, 'node_modules', '.bin', 'tsc');
    mustRun('tsc (node16)', tsc, ['-p', 'tsconfig.node16.json'], project);
  });

  it('tsc --strict --noEmit passes with module esnext / moduleResolution bundler', () => {
    const tsc = join(project, 'node_modules', '.bin', 'tsc');
    mustRun('tsc (bundler)', tsc, ['-p', 'tsconfig.bundler.json'], project);
  });

  it('the ESM program runs a 3-member UDP cluster driving a hashring and partitions, then a graceful leave', () => {
    const tsc = join(project, 'node_modules', '.bin', 'tsc');
    mustRun('tsc (node16)', tsc, ['-p', 'tsconfig.node16.json'], project);
    const r = run(process.execPath, ['out/cluster.js'], project, 120_000);
    expect(r.output).toMatch(/members: 3 on every node .*owners agree/);
    expect(r.output).toMatch(/after leave: 2 members \(node-a, node-b\), owners agree/);
    expect(r.output).toContain('CONSUMER-SMOKE-OK');
    expect(r.status, r.output).toBe(0);
  });

  it('a CommonJS script require()s every package and calls into it', () => {
    const r = run(process.execPath, ['require-all.cjs'], project, 60_000);
    expect(r.output).toContain('REQUIRE-OK');
    expect(r.status, r.output).toBe(0);
  });
});
