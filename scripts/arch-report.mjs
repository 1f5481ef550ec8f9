// Architecture figures for review (issue 15's before/after): exported names per package entry
// point, files per source folder, the largest files, and import cycles between source files.
// Usage: node scripts/arch-report.mjs [--json]
// Repeated blocks are counted by the `duplicates` tool where it is installed (not in CI).
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const groups = ['packages', 'apps', 'tooling'];
const pkgDirs = groups.flatMap((g) =>
  existsSync(join(root, g))
    ? readdirSync(join(root, g))
        .map((d) => join(root, g, d))
        .filter((d) => existsSync(join(d, 'package.json')))
    : [],
);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

// Exported names per entry point, as TypeScript sees them (values and types).
const exportsReport = [];
for (const dir of pkgDirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.exports || typeof pkg.exports !== 'object') continue;
  for (const [sub, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : (target['@ring/source'] ?? target.default);
    if (typeof file !== 'string' || !file.endsWith('.ts')) continue;
    const abs = join(dir, file);
    const program = ts.createProgram([abs], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      customConditions: ['@ring/source'],
      noEmit: true,
      skipLibCheck: true,
    });
    const checker = program.getTypeChecker();
    const sf = program.getSourceFile(abs);
    const sym = sf && checker.getSymbolAtLocation(sf);
    const names = sym ? checker.getExportsOfModule(sym).map((s) => s.name) : [];
    exportsReport.push({
      entry: `${pkg.name}${sub === '.' ? '' : sub.slice(1)}`,
      names: names.length,
    });
  }
}

// Files per source folder and the largest files.
const folders = [];
const files = [];
for (const dir of pkgDirs) {
  for (const sub of ['src', 'test', 'bench']) {
    const base = join(dir, sub);
    if (!existsSync(base)) continue;
    for (const f of walk(base)) {
      const lines = readFileSync(f, 'utf8').split('\n').length;
      files.push({ file: relative(root, f), lines, test: /\.test\.|\/test\//.test(f) });
    }
  }
  const src = join(dir, 'src');
  if (!existsSync(src)) continue;
  const perDir = new Map();
  for (const f of walk(src)) perDir.set(dirname(f), (perDir.get(dirname(f)) ?? 0) + 1);
  for (const [d, n] of perDir) folders.push({ folder: relative(root, d), files: n });
}
folders.sort((a, b) => b.files - a.files);
files.sort((a, b) => b.lines - a.lines);

// Import cycles between source files (runtime imports and type-only imports separately).
const importRe = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;
function graph(typeOnlyCounts) {
  const g = new Map();
  for (const dir of pkgDirs) {
    const src = join(dir, 'src');
    if (!existsSync(src)) continue;
    for (const f of walk(src)) {
      if (/\.test\./.test(f)) continue;
      const text = readFileSync(f, 'utf8');
      const deps = [];
      for (const m of text.matchAll(importRe)) {
        if (m[2] && !typeOnlyCounts) continue;
        const target = resolve(dirname(f), m[3]).replace(/\.js$/, '.ts');
        if (existsSync(target)) deps.push(target);
      }
      g.set(f, deps);
    }
  }
  return g;
}
function cycles(g) {
  const found = new Set();
  const state = new Map();
  const stack = [];
  const visit = (n) => {
    state.set(n, 1);
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (state.get(d) === 1) {
        const cyc = stack.slice(stack.indexOf(d)).map((p) => relative(root, p));
        found.add(cyc.join(' -> '));
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return [...found];
}
const runtimeCycles = cycles(graph(false));
const allCycles = cycles(graph(true));

const report = {
  exports: exportsReport,
  foldersOver12: folders.filter((f) => f.files > 12),
  largestSource: files.filter((f) => !f.test).slice(0, 5),
  largestTest: files.filter((f) => f.test).slice(0, 3),
  runtimeCycles,
  typeOnlyCycles: allCycles.filter((c) => !runtimeCycles.includes(c)),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
else {
  console.log('exported names per entry point:');
  for (const e of report.exports) console.log(`  ${e.entry.padEnd(28)} ${e.names}`);
  console.log('source folders with more than 12 files:');
  for (const f of report.foldersOver12) console.log(`  ${f.folder.padEnd(40)} ${f.files}`);
  console.log('largest source files (lines):');
  for (const f of report.largestSource) console.log(`  ${f.file.padEnd(50)} ${f.lines}`);
  console.log('largest test files (lines):');
  for (const f of report.largestTest) console.log(`  ${f.file.padEnd(50)} ${f.lines}`);
  console.log(`import cycles at run time: ${runtimeCycles.length}`);
  for (const c of runtimeCycles) console.log(`  ${c}`);
  console.log(`type-only import cycles: ${report.typeOnlyCycles.length}`);
  for (const c of report.typeOnlyCycles) console.log(`  ${c}`);
}
