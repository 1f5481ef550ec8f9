// API reports: for every public entry point of every package (packages/*/package.json `exports`,
// resolved through the `@ring/source` condition), a committed, sorted text file
// packages/<pkg>/api/<entry>.api.txt listing each exported name with its kind and a one-line
// signature, and the public members of exported classes and interfaces. A change to a public
// surface therefore shows up as a diff of that file in review.
//
// Usage:
//   node scripts/api-report.mjs            rewrite the reports (`pnpm api:update`)
//   node scripts/api-report.mjs --check    exit 1 with a diff if a report is stale (`pnpm api:check`)
//   --root <dir>                           run on another workspace (the tool's own test uses it)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const check = args.includes('--check');
const rootArg = args.indexOf('--root');
const root =
  rootArg >= 0
    ? resolve(args[rootArg + 1])
    : resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Each entry point: package name, subpath, source file, report file. */
function entryPoints() {
  const dir = join(root, 'packages');
  const out = [];
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const pkgDir = join(dir, name);
    const pkgFile = join(pkgDir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      const file = typeof target === 'object' && target ? target['@ring/source'] : undefined;
      if (typeof file !== 'string') continue;
      const entry = sub === '.' ? 'index' : sub.replace(/^\.\//, '').replaceAll('/', '-');
      out.push({
        specifier: `${pkg.name}${sub === '.' ? '' : sub.slice(1)}`,
        source: join(pkgDir, file),
        report: join(pkgDir, 'api', `${entry}.api.txt`),
        apiDir: join(pkgDir, 'api'),
      });
    }
  }
  return out;
}

const FLAGS =
  ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/** One line of source text: whitespace runs collapsed. */
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

function typeParams(decl) {
  return decl?.typeParameters
    ? `<${decl.typeParameters.map((p) => oneLine(p.getText())).join(', ')}>`
    : '';
}

/** True for members that are not public (private/protected/#private). */
function hidden(member) {
  return (member.declarations ?? []).some(
    (d) =>
      (ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !==
        0 ||
      (d.name && ts.isPrivateIdentifier(d.name)),
  );
}

/** True for members declared only outside the workspace (Error's statics from @types/node, lib.d.ts). */
function external(member) {
  const decls = member.declarations ?? [];
  return (
    decls.length > 0 &&
    decls.every((d) => {
      const file = d.getSourceFile().fileName;
      return file.includes('/node_modules/') || /\/lib\.[^/]*\.d\.ts$/.test(file);
    })
  );
}

/** `Owner.member` lines for the public members of a class instance/static side or an interface. */
function memberLines(checker, owner, type, where, isStatic) {
  const lines = [];
  const prefix = isStatic ? `static ${owner}.` : `${owner}.`;
  for (const member of checker.getPropertiesOfType(type)) {
    if (member.name === 'prototype' || hidden(member) || external(member)) continue;
    // well-known symbols: TypeScript's internal name carries a per-run id; print `[Symbol.x]`
    const name = member.name.startsWith('__@') ? checker.symbolToString(member) : member.name;
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    const memberType = checker.getTypeOfSymbolAtLocation(member, decl ?? where);
    const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
    const isMethod = member.flags & ts.SymbolFlags.Method;
    if (isMethod) {
      for (const sig of memberType.getCallSignatures()) {
        lines.push(`  ${prefix}${name}${optional}${checker.signatureToString(sig, where, FLAGS)}`);
      }
      continue;
    }
    const readonly =
      decl && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly ? 'readonly ' : '';
    const accessor =
      member.flags & ts.SymbolFlags.GetAccessor && !(member.flags & ts.SymbolFlags.SetAccessor)
        ? 'get '
        : '';
    lines.push(
      `  ${accessor}${readonly}${prefix}${name}${optional}: ${checker.typeToString(memberType, where, FLAGS)}`,
    );
  }
  return lines.sort();
}

/** The report lines of one exported name (a name may be both a value and a type). */
function describe(checker, exported) {
  const name = exported.name;
  const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const decls = sym.declarations ?? [];
  const where = decls[0];
  const out = [];
  if (sym.flags & ts.SymbolFlags.Class) {
    const decl = decls.find(ts.isClassDeclaration);
    const heritage = decl?.heritageClauses?.map((h) => ` ${oneLine(h.getText())}`).join('') ?? '';
    const abstract =
      decl && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract ? 'abstract ' : '';
    out.push(`${abstract}class ${name}${typeParams(decl)}${heritage}`);
    const staticType = checker.getTypeOfSymbolAtLocation(sym, where);
    for (const sig of staticType.getConstructSignatures()) {
      const ctor = sig.getDeclaration();
      if (ctor && hidden({ declarations: [ctor] })) continue;
      out.push(`  new ${name}${checker.signatureToString(sig, where, FLAGS)}`);
    }
    out.push(...memberLines(checker, name, staticType, where, true));
    out.push(...memberLines(checker, name, checker.getDeclaredTypeOfSymbol(sym), where, false));
  } else if (sym.flags & ts.SymbolFlags.Interface) {
    const decl = decls.find(ts.isInterfaceDeclaration);
    const heritage = decl?.heritageClauses?.map((h) => ` ${oneLine(h.getText())}`).join('') ?? '';
    out.push(`interface ${name}${typeParams(decl)}${heritage}`);
    const type = checker.getDeclaredTypeOfSymbol(sym);
    for (const sig of type.getCallSignatures()) {
      out.push(`  ${name}${checker.signatureToString(sig, where, FLAGS)}`);
    }
    for (const info of checker.getIndexInfosOfType(type)) {
      out.push(
        `  ${name}[key: ${checker.typeToString(info.keyType)}]: ${checker.typeToString(info.type, where, FLAGS)}`,
      );
    }
    out.push(...memberLines(checker, name, type, where, false));
  } else if (sym.flags & ts.SymbolFlags.Enum) {
    out.push(`enum ${name}`);
    for (const member of checker.getExportsOfModule(sym)) {
      const value = checker.getConstantValue(member.valueDeclaration);
      out.push(`  ${name}.${member.name} = ${JSON.stringify(value)}`);
    }
  } else if (sym.flags & ts.SymbolFlags.Function) {
    const type = checker.getTypeOfSymbolAtLocation(sym, where);
    for (const sig of type.getCallSignatures()) {
      out.push(`function ${name}${checker.signatureToString(sig, where, FLAGS)}`);
    }
  } else if (sym.flags & ts.SymbolFlags.Variable) {
    const decl = decls.find(ts.isVariableDeclaration);
    const kind = decl && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const ? 'const' : 'let';
    const type = checker.getTypeOfSymbolAtLocation(sym, where);
    out.push(`${kind} ${name}: ${checker.typeToString(type, where, FLAGS)}`);
  } else if (sym.flags & ts.SymbolFlags.Module) {
    out.push(`namespace ${name}`);
  }
  if (sym.flags & ts.SymbolFlags.TypeAlias) {
    const decl = decls.find(ts.isTypeAliasDeclaration);
    out.push(`type ${name}${typeParams(decl)} = ${decl ? oneLine(decl.type.getText()) : '?'}`);
  }
  if (out.length === 0) out.push(`unknown ${name}`);
  return out;
}

function render(checker, program, entry) {
  const sf = program.getSourceFile(entry.source);
  const moduleSym = sf && checker.getSymbolAtLocation(sf);
  if (!moduleSym) throw new Error(`api-report: cannot load ${relative(root, entry.source)}`);
  const blocks = checker
    .getExportsOfModule(moduleSym)
    .map((s) => ({ name: s.name, lines: describe(checker, s) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    `// API of ${entry.specifier} (${relative(dirname(entry.apiDir), entry.source)}): ${blocks.length} exported names.`,
    '// Generated by `pnpm api:update` (scripts/api-report.mjs); a stale copy fails `pnpm api:check`.',
    '',
    ...blocks.flatMap((b) => b.lines),
    '',
  ].join('\n');
}

const entries = entryPoints();
const program = ts.createProgram(
  entries.map((e) => e.source),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    customConditions: ['@ring/source'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();
const wanted = new Map(entries.map((e) => [e.report, render(checker, program, e)]));

// Stale files: reports whose entry point no longer exists.
const apiDirs = new Set(entries.map((e) => e.apiDir));
const orphans = [...apiDirs].flatMap((d) =>
  existsSync(d)
    ? readdirSync(d)
        .filter((f) => f.endsWith('.api.txt'))
        .map((f) => join(d, f))
        .filter((f) => !wanted.has(f))
    : [],
);

if (!check) {
  for (const [file, text] of wanted) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  for (const f of orphans) rmSync(f);
  console.log(
    `api-report: wrote ${wanted.size} reports${orphans.length ? `, removed ${orphans.length}` : ''}`,
  );
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'ring-api-'));
  let stale = 0;
  for (const [file, text] of wanted) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    stale++;
    const fresh = join(scratch, 'fresh.api.txt');
    writeFileSync(fresh, text);
    const old = existsSync(file) ? file : '/dev/null';
    const diff = spawnSync(
      'diff',
      [
        '-u',
        '--label',
        `${relative(root, file)} (committed)`,
        '--label',
        `${relative(root, file)} (from the sources)`,
        old,
        fresh,
      ],
      {
        encoding: 'utf8',
      },
    );
    console.log(diff.stdout || `${relative(root, file)} differs (no diff tool to show how)`);
  }
  for (const f of orphans) {
    stale++;
    console.log(`${relative(root, f)}: no such entry point any more (remove it)`);
  }
  rmSync(scratch, { recursive: true, force: true });
  if (stale > 0) {
    console.log(
      `api-report: ${stale} report(s) stale: run \`pnpm api:update\` and commit the result`,
    );
    process.exit(1);
  }
  console.log(`api-report: ${wanted.size} reports up to date`);
}
