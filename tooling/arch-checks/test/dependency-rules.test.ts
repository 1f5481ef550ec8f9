// The import rules of `.dependency-cruiser.cjs` run on a small workspace written to a temporary
// directory: the clean tree must pass, and every planted violation (an import cycle made only of
// type imports, a layering breach, deep imports past an entry point, swim's core importing its
// shell / node: / transport's runtime, swim's wire importing the core, src importing test/, an app
// importing an app, a package importing tooling) must be reported under its rule. So the rule file
// cannot silently stop matching (a renamed folder, a regex typo, a resolver option lost).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const rules = join(root, '.dependency-cruiser.cjs');
const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

type Files = Record<string, string>;

/** A workspace package: package.json with a `.` entry (and optional subpaths) like Ring's. */
function pkg(dir: string, name: string, entries: Record<string, string> = {}): Files {
  const exports: Record<string, unknown> = {};
  for (const [sub, file] of Object.entries({ '.': './src/index.ts', ...entries })) {
    exports[sub] = { '@ring/source': file, default: file.replace('/src/', '/dist/') };
  }
  return {
    [`${dir}/package.json`]: JSON.stringify({ name, type: 'module', exports }),
  };
}

/** A tree that follows every rule (including the allowed type-only import of transport by swim's core). */
const clean: Files = {
  ...pkg('packages/base', '@ring/base'),
  'packages/base/src/index.ts': "export { RingError } from './ring-error.js';\n",
  'packages/base/src/ring-error.ts': 'export class RingError extends Error {}\n',
  ...pkg('packages/broadcast', '@ring/broadcast'),
  'packages/broadcast/src/index.ts':
    "import { RingError } from '@ring/base';\nexport const b = RingError;\n",
  ...pkg('packages/hashring', '@ring/hashring'),
  'packages/hashring/src/index.ts': "export { hash } from './hash.js';\n",
  'packages/hashring/src/hash.ts': "import '@ring/base';\nexport const hash = 1;\n",
  'packages/hashring/src/hash.test.ts':
    "import { hash } from './hash.js';\nexport const t = hash;\n",
  'packages/hashring/test/random.ts': 'export const seed = 1;\n',
  'packages/hashring/test/ring.test.ts':
    "import { seed } from './random.js';\nexport const t = seed;\n",
  ...pkg('packages/partitions', '@ring/partitions'),
  'packages/partitions/src/index.ts':
    "import { hash } from '@ring/hashring';\nexport const p = hash;\n",
  ...pkg('packages/transport', '@ring/transport', { './testing': './src/testing/index.ts' }),
  'packages/transport/src/index.ts':
    'export type Transport = { send(): void };\nexport const createTransport = () => 1;\n',
  'packages/transport/src/testing/index.ts':
    "import { createTransport } from '../index.js';\nexport const mem = createTransport;\n",
  ...pkg('packages/swim', '@ring/swim'),
  'packages/swim/src/index.ts': "export { createNode } from './shell/node.js';\n",
  'packages/swim/src/core/rules.ts':
    "import type { Transport } from '@ring/transport';\nexport type Rules = Transport;\nexport const rule = 1;\n",
  'packages/swim/src/wire/codec.ts': 'export const codec = 1;\n',
  'packages/swim/src/shell/node.ts':
    "import { createTransport } from '@ring/transport';\nimport { rule } from '../core/rules.js';\nimport { codec } from '../wire/codec.js';\nimport { setTimeout } from 'node:timers';\nexport const createNode = () => [createTransport, rule, codec, setTimeout];\n",
  'packages/swim/test/sim.test.ts':
    "import { mem } from '@ring/transport/testing';\nimport { peer } from '@ring/go-peer';\nexport const t = [mem, peer];\n",
  ...pkg('packages/serf', '@ring/serf'),
  'packages/serf/src/index.ts':
    "import { createNode } from '@ring/swim';\nimport '@ring/broadcast';\nexport const s = createNode;\n",
  ...pkg('apps/node', '@ring/node'),
  'apps/node/src/index.ts':
    "import { s } from '@ring/serf';\nimport { p } from '@ring/partitions';\nexport const n = [s, p];\n",
  ...pkg('apps/event', '@ring/event'),
  'apps/event/src/index.ts': "import { kit } from '@ring/demo-kit';\nexport const e = kit;\n",
  ...pkg('tooling/demo-kit', '@ring/demo-kit'),
  'tooling/demo-kit/src/index.ts':
    "import { createNode } from '@ring/swim';\nexport const kit = createNode;\n",
  ...pkg('tooling/go-peer', '@ring/go-peer'),
  'tooling/go-peer/src/index.ts':
    "import { mem } from '@ring/transport/testing';\nexport const peer = mem;\n",
};

/** Each planted file and the violation (rule, from, to) it must produce. */
const planted: { files: Files; expect: { rule: string; from: string; to: string }[] }[] = [
  {
    // a cycle made only of type imports
    files: {
      'packages/base/src/clock.ts':
        "import type { Timer } from './timer.js';\nexport type Clock = { t: Timer };\n",
      'packages/base/src/timer.ts':
        "import type { Clock } from './clock.js';\nexport type Timer = { c: Clock };\n",
    },
    expect: [
      // a cycle is reported once, from whichever of its files the cruise reached first
      { rule: 'no-circular', from: 'packages/base/src/clock.ts', to: 'packages/base/src/timer.ts' },
    ],
  },
  {
    files: {
      'packages/broadcast/src/sink.ts':
        "import type { Transport } from '@ring/transport';\nexport type S = Transport;\n",
    },
    expect: [
      {
        rule: 'layering-broadcast',
        from: 'packages/broadcast/src/sink.ts',
        to: 'packages/transport/src/index.ts',
      },
    ],
  },
  {
    files: {
      'packages/base/src/uses-hash.ts':
        "import { hash } from '@ring/hashring';\nexport const u = hash;\n",
    },
    expect: [
      {
        rule: 'layering-base',
        from: 'packages/base/src/uses-hash.ts',
        to: 'packages/hashring/src/index.ts',
      },
    ],
  },
  {
    files: {
      'packages/partitions/src/deep.ts':
        "import { hash } from '../../hashring/src/hash.js';\nexport const d = hash;\n",
      'packages/partitions/src/deeper.ts':
        "import { hash } from '@ring/hashring/src/hash.js';\nexport const d = hash;\n",
    },
    expect: [
      {
        rule: 'public-entry-points-only',
        from: 'packages/partitions/src/deep.ts',
        to: 'packages/hashring/src/hash.ts',
      },
      {
        rule: 'ring-imports-resolve',
        from: 'packages/partitions/src/deeper.ts',
        to: '@ring/hashring/src/hash.js',
      },
    ],
  },
  {
    files: {
      'packages/swim/src/core/bad.ts':
        "import { createNode } from '../shell/node.js';\nimport { randomInt } from 'node:crypto';\nimport { createTransport } from '@ring/transport';\nexport const bad = [createNode, randomInt, createTransport];\n",
      'packages/swim/src/wire/bad.ts':
        "import { rule } from '../core/rules.js';\nexport const w = rule;\n",
    },
    expect: [
      {
        rule: 'swim-core-not-shell',
        from: 'packages/swim/src/core/bad.ts',
        to: 'packages/swim/src/shell/node.ts',
      },
      { rule: 'swim-core-no-node', from: 'packages/swim/src/core/bad.ts', to: 'crypto' }, // dependency-cruiser names node: builtins without the prefix,
      {
        rule: 'swim-core-no-transport-runtime',
        from: 'packages/swim/src/core/bad.ts',
        to: 'packages/transport/src/index.ts',
      },
      {
        rule: 'swim-wire-standalone',
        from: 'packages/swim/src/wire/bad.ts',
        to: 'packages/swim/src/core/rules.ts',
      },
    ],
  },
  {
    files: {
      'packages/hashring/src/jump.test.ts':
        "import { seed } from '../test/random.js';\nexport const t = seed;\n",
    },
    expect: [
      {
        rule: 'src-not-test',
        from: 'packages/hashring/src/jump.test.ts',
        to: 'packages/hashring/test/random.ts',
      },
    ],
  },
  {
    files: {
      'apps/event/src/uses-node.ts': "import { n } from '@ring/node';\nexport const u = n;\n",
      'packages/transport/src/uses-kit.ts':
        "import { kit } from '@ring/demo-kit';\nexport const u = kit;\n",
      'tooling/demo-kit/src/uses-app.ts': "import { n } from '@ring/node';\nexport const u = n;\n",
    },
    expect: [
      {
        rule: 'apps-not-other-apps',
        from: 'apps/event/src/uses-node.ts',
        to: 'apps/node/src/index.ts',
      },
      {
        rule: 'packages-not-apps-or-tooling',
        from: 'packages/transport/src/uses-kit.ts',
        to: 'tooling/demo-kit/src/index.ts',
      },
      {
        rule: 'tooling-not-apps',
        from: 'tooling/demo-kit/src/uses-app.ts',
        to: 'apps/node/src/index.ts',
      },
    ],
  },
];

/** Each test spawns Node processes (TypeScript or dependency-cruiser runs): room for a busy 2-core box. */
const SPAWN_TIMEOUT_MS = 180_000;

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Writes the tree to a fresh directory, with node_modules/@ring links as pnpm makes them. */
function writeTree(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'ring-deps-'));
  scratch.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    const m = /^(packages|apps|tooling)\/([^/]+)\/package\.json$/.exec(path);
    if (m) {
      const name = (JSON.parse(text) as { name: string }).name;
      mkdirSync(join(dir, 'node_modules/@ring'), { recursive: true });
      symlinkSync(join(dir, m[1]!, m[2]!), join(dir, 'node_modules', name), 'dir');
    }
  }
  return dir;
}

/** Runs the real rule file on the tree as `pnpm check:deps` does, and once more for the JSON list. */
function cruise(files: Files): { violations: Violation[]; status: number | null; stderr: string } {
  const dir = writeTree(files);
  const run = (outputType: string) =>
    spawnSync(
      process.execPath,
      [cli, '--config', rules, '--output-type', outputType, 'packages', 'apps', 'tooling'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  // `--output-type err` is what CI runs: its exit status is the number of violations.
  const check = run('err');
  const listed = run('json');
  const violations = listed.stdout
    ? (
        JSON.parse(listed.stdout) as {
          summary: { violations: { rule: { name: string }; from: string; to: string }[] };
        }
      ).summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }))
    : [];
  return { violations, status: check.status, stderr: check.stdout + check.stderr };
}

describe('.dependency-cruiser.cjs', () => {
  it(
    'passes a tree that follows every rule (type-only import of transport from swim core allowed)',
    () => {
      const { violations, status, stderr } = cruise(clean);
      expect(violations, stderr).toEqual([]);
      expect(status, stderr).toBe(0);
      expect(stderr).not.toContain('ERROR');
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'reports every planted violation under its rule, and nothing else',
    () => {
      const files = Object.assign({}, clean, ...planted.map((p) => p.files)) as Files;
      const { violations, status } = cruise(files);
      const key = (v: Violation) =>
        v.rule === 'no-circular'
          ? `${v.rule}: ${[v.from, v.to].sort().join(' <-> ')}`
          : `${v.rule}: ${v.from} -> ${v.to}`;
      expect(violations.map(key).sort()).toEqual(
        planted
          .flatMap((p) => p.expect)
          .map(key)
          .sort(),
      );
      expect(status).not.toBe(0);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'refuses a package that is not placed in the layering',
    () => {
      const { status, stderr } = cruise({
        ...clean,
        ...pkg('packages/newcomer', '@ring/newcomer'),
        'packages/newcomer/src/index.ts': 'export const x = 1;\n',
      });
      expect(status).not.toBe(0);
      expect(stderr).toContain('packages/newcomer not in LAYERS');
    },
    SPAWN_TIMEOUT_MS,
  );
});
