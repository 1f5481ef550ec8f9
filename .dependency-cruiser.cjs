// Ring's import rules, checked by dependency-cruiser (`pnpm check:deps`, a step of `.ci/run`).
// Paths are relative to the directory the check runs from (the repository root; the rule test in
// tooling/arch-checks runs the same file on a fixture tree). Workspace imports (`@ring/x`) are
// resolved through the `@ring/source` export condition to the real files under packages/, apps/
// and tooling/, so every rule below is written against file paths.
//
//   (a) no import cycles, type-only ones included
//   (b) the package layering (LAYERS below); apps and tooling depend on packages, never on an app;
//       packages never depend on apps or tooling (their tests and benchmarks may use tooling test
//       packages)
//   (c) across packages only public entry points (the files named by package.json `exports`)
//   (d) swim's pure core imports no shell, no `node:` module and no transport runtime;
//       swim's wire codec imports neither core nor shell
//   (e) no file under src/ imports from a test/ folder
'use strict';

const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Which Ring packages each package may import (besides itself). A new package must be listed. */
const LAYERS = {
  base: [],
  broadcast: ['base'],
  hashring: ['base'],
  partitions: ['base', 'hashring'],
  transport: ['base'],
  swim: ['base', 'transport', 'broadcast'],
  serf: ['base', 'transport', 'broadcast', 'swim'],
};

const GROUPS = ['packages', 'apps', 'tooling'];
const root = process.cwd();

/** Workspace directories (relative, e.g. `packages/swim`) that have a package.json. */
function workspaceDirs(group) {
  const dir = join(root, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => `${group}/${name}`);
}

/** The files a package's `exports` map points at (any condition), relative to the root. */
function entryFiles(dir) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const out = new Set();
  const visit = (target) => {
    if (typeof target === 'string') out.add(`${dir}/${target.replace(/^\.\//, '')}`);
    else if (target && typeof target === 'object') Object.values(target).forEach(visit);
  };
  visit(pkg.exports ?? pkg.main ?? 'index.js');
  return [...out];
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (items) => `^(${items.map(escape).join('|')})$`;

const workspaces = GROUPS.flatMap(workspaceDirs);
const entries = workspaces.flatMap(entryFiles);
const packageNames = workspaceDirs('packages').map((d) => d.slice('packages/'.length));
const unlisted = packageNames.filter((name) => !(name in LAYERS));
if (unlisted.length > 0) {
  throw new Error(
    `.dependency-cruiser.cjs: packages/${unlisted.join(', packages/')} not in LAYERS: say which Ring packages it may import`,
  );
}

/** Source files of a workspace that are product code or tests (not config files at its root). */
const CODE = '(src|test|bench|examples|scripts)/';
/** Tests and benchmarks: they may use tooling test packages (go-peer, serf-agent). */
const NOT_TEST = '(^|/)(test|bench)/|\\.test\\.ts$';

const layeringRules = Object.entries(LAYERS).map(([name, allowed]) => ({
  name: `layering-${name}`,
  comment: `@ring/${name} may import only ${allowed.length ? allowed.map((a) => `@ring/${a}`).join(', ') : 'no Ring package'}.`,
  severity: 'error',
  from: { path: `^packages/${name}/${CODE}`, pathNot: NOT_TEST },
  to: { path: '^packages/[^/]+/', pathNot: `^packages/(${[name, ...allowed].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import cycles, type-only imports included: split the shared part into its own file.',
      severity: 'error',
      from: { path: `^(packages|apps|tooling)/[^/]+/${CODE}` },
      to: { circular: true },
    },
    ...layeringRules,
    {
      name: 'layering-package-tests',
      comment:
        'A package test may import the packages its package may import, and tooling test packages; never an app or another package above it.',
      severity: 'error',
      from: { path: `^packages/[^/]+/${CODE}.*(${NOT_TEST})` },
      to: { path: '^apps/' },
    },
    {
      name: 'packages-not-apps-or-tooling',
      comment:
        'Packages never import apps or tooling (only their tests may use tooling test packages).',
      severity: 'error',
      from: { path: `^packages/[^/]+/${CODE}`, pathNot: NOT_TEST },
      to: { path: '^(apps|tooling)/' },
    },
    {
      name: 'apps-not-other-apps',
      comment: 'An app depends on packages (and tooling), never on another app.',
      severity: 'error',
      from: { path: `^apps/([^/]+)/${CODE}` },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'tooling-not-apps',
      comment: 'Tooling depends on packages, never on an app.',
      severity: 'error',
      from: { path: `^tooling/[^/]+/${CODE}` },
      to: { path: '^apps/' },
    },
    {
      name: 'public-entry-points-only',
      comment:
        "Across packages, import only a package's public entry points (package.json `exports`), never ../../other/src/x or @ring/x/src/x.",
      severity: 'error',
      from: { path: '^(packages|apps|tooling)/([^/]+)/' },
      to: {
        path: '^(packages|apps|tooling)/',
        pathNot: [`^$1/$2/`, anyOf(entries)],
      },
    },
    {
      name: 'ring-imports-resolve',
      comment:
        'An @ring/... import that does not resolve is a deep import past the exports map (or a typo).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^@ring/' },
    },
    {
      name: 'swim-core-not-shell',
      comment: "swim's pure core (src/core) imports nothing from its I/O shell (src/shell).",
      severity: 'error',
      from: { path: '^packages/swim/src/core/' },
      to: { path: '^packages/swim/src/shell/' },
    },
    {
      name: 'swim-core-no-node',
      comment: "swim's pure core imports no node: module (no I/O).",
      severity: 'error',
      from: { path: '^packages/swim/src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'swim-core-no-transport-runtime',
      comment: "swim's pure core may use @ring/transport's types, never its runtime.",
      severity: 'error',
      from: { path: '^packages/swim/src/core/' },
      to: { path: '^packages/transport/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'swim-wire-standalone',
      comment: "swim's wire codec (src/wire) imports neither the core nor the shell.",
      severity: 'error',
      from: { path: '^packages/swim/src/wire/' },
      to: { path: '^packages/swim/src/(core|shell)/' },
    },
    {
      name: 'src-not-test',
      comment:
        'Nothing under src/ imports from a test/ folder (shared test helpers live in test/helpers and serve test/).',
      severity: 'error',
      from: { path: '^(packages|apps|tooling)/[^/]+/src/' },
      to: { path: '^(packages|apps|tooling)/[^/]+/test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/|(^|/)test/fixtures/|/fixture/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@ring/source', 'import', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: false } },
  },
};
