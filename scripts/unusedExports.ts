/**
 * Exports nothing needs (`npm run lint:exports`, part of `npm run lint`). An import-graph scan with
 * the TypeScript parser and its module resolution over src/, bench/, signaling/ and e2e/. It fails
 * on a dead export: one no file other than tests (and files only tests import) imports, and its own file does
 * not use either (only a test, or nothing, needs it: a test keeps a local helper instead). An
 * export whose doc comment has `@keep` (with the reason) is one tests hold the code to on purpose.
 * With `--all` it also lists exports used only inside their own file (a type in a public signature,
 * a documented bound: often fine, so only listed).
 *
 * An export a test imports and its file uses (a bound a test checks) is fine. What a file re-exports
 * counts as imported from the file it comes from; `import * as`, `export *` and `import()` of a file
 * count as using all of it. Files nobody imports are entries (the page, the worker, the CLI, the
 * server, specs, configs): their exports are not checked. Exits 1 if it finds anything.
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const roots = ['src', 'bench', 'signaling', 'e2e'];
const files = roots
  .flatMap((d) => ts.sys.readDirectory(resolve(root, d), ['.ts', '.tsx'], ['**/node_modules', '**/*.d.ts']))
  .map((f) => resolve(f));
const known = new Set(files);
const isTest = (f: string): boolean => /\.(test|spec|bench)\.tsx?$|testClient\.ts$/.test(f);
const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true, jsx: ts.JsxEmit.ReactJSX };

interface Export {
  readonly name: string;
  /** The node that declares the name (not a use of it). */
  readonly declared: ts.Node | null;
  /** Re-exported from this file, if so. */
  readonly from: string | null;
  readonly from_name: string;
}

const sources = new Map<string, ts.SourceFile>();
const exportsOf = new Map<string, Export[]>();
/** `${file}#${name}` → importing files. */
const importers = new Map<string, Set<string>>();
/** Files used whole (namespace import, dynamic import). */
const wholeUsers = new Map<string, Set<string>>();
/** file → files it re-exports with `export *`. */
const starFrom = new Map<string, string[]>();
/** file → files that import from it (any way). */
const fileImporters = new Map<string, Set<string>>();
const importedFiles = { add: (to: string, by: string) => add(fileImporters, to, by), has: (f: string) => fileImporters.has(f) };

const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V): void => {
  const s = m.get(k) ?? new Set<V>();
  s.add(v);
  m.set(k, s);
};

function resolveFrom(spec: string, file: string): string | null {
  const r = ts.resolveModuleName(spec, file, options, ts.sys).resolvedModule?.resolvedFileName;
  return r && known.has(resolve(r)) ? resolve(r) : null;
}

const hasExport = (n: ts.Node): boolean => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

for (const file of files) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  sources.set(file, sf);
  const exps: Export[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      const to = resolveFrom(n.arguments[0].text, file);
      if (to) {
        add(wholeUsers, to, file);
        importedFiles.add(to, file);
      }
    }
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      const to = resolveFrom(n.argument.literal.text, file);
      if (to) {
        add(wholeUsers, to, file);
        importedFiles.add(to, file);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const to = resolveFrom(st.moduleSpecifier.text, file);
      if (!to) continue;
      importedFiles.add(to, file);
      const b = st.importClause?.namedBindings;
      if (st.importClause?.name) add(importers, `${to}#default`, file);
      if (b && ts.isNamespaceImport(b)) add(wholeUsers, to, file);
      if (b && ts.isNamedImports(b)) for (const e of b.elements) add(importers, `${to}#${(e.propertyName ?? e.name).text}`, file);
    } else if (ts.isExportDeclaration(st)) {
      const to = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? resolveFrom(st.moduleSpecifier.text, file) : null;
      if (to) importedFiles.add(to, file);
      if (!st.exportClause) {
        if (to) starFrom.set(file, [...(starFrom.get(file) ?? []), to]);
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const e of st.exportClause.elements) {
          const local = (e.propertyName ?? e.name).text;
          exps.push({ name: e.name.text, declared: to ? null : e, from: to, from_name: local });
        }
      } else if (to) {
        add(wholeUsers, to, file); // export * as ns from
      }
    } else if (ts.isExportAssignment(st)) {
      exps.push({ name: 'default', declared: st, from: null, from_name: 'default' });
    } else if (hasExport(st)) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) exps.push({ name: d.name.text, declared: d.name, from: null, from_name: d.name.text });
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
        const isDefault = ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        exps.push({ name: isDefault ? 'default' : st.name.text, declared: st.name, from: null, from_name: st.name.text });
      }
    }
  }
  exportsOf.set(file, exps);
}

/** Tests, and files only tests import (test clients, e2e helpers): they may export what only tests use. */
const testSideMemo = new Map<string, boolean>();
function testSide(f: string): boolean {
  const memo = testSideMemo.get(f);
  if (memo !== undefined) return memo;
  testSideMemo.set(f, false); // a cycle does not make a file test-side
  const by = fileImporters.get(f);
  const result = isTest(f) || (!!by && [...by].every(testSide));
  testSideMemo.set(f, result);
  return result;
}

/** The files (not tests) and tests that import `name` of `file`, through re-exports and `export *`. */
function users(file: string, name: string, seen = new Set<string>()): { prod: Set<string>; tests: Set<string> } {
  const out = { prod: new Set<string>(), tests: new Set<string>() };
  if (seen.has(`${file}#${name}`)) return out;
  seen.add(`${file}#${name}`);
  const direct = [...(importers.get(`${file}#${name}`) ?? []), ...(wholeUsers.get(file) ?? [])];
  for (const u of direct) (testSide(u) ? out.tests : out.prod).add(u);
  const merge = (o: { prod: Set<string>; tests: Set<string> }) => {
    for (const u of o.prod) out.prod.add(u);
    for (const u of o.tests) out.tests.add(u);
  };
  // re-exported by name, or by `export *`: whoever imports it there uses it here
  for (const [f, exps] of exportsOf) for (const e of exps) if (e.from === file && e.from_name === name) merge(users(f, e.name, seen));
  for (const [f, froms] of starFrom) if (froms.includes(file)) merge(users(f, name, seen));
  return out;
}

/** Whether `name` is used in its own file other than where it is declared and exported. */
/** Whether the declaration's doc comment says `@keep`. */
function kept(e: Export): boolean {
  let n: ts.Node | undefined = e.declared ?? undefined;
  while (n && !ts.isSourceFile(n) && !ts.isStatement(n)) n = n.parent;
  return !!n && ts.getJSDocTags(n).some((t) => t.tagName.text === 'keep');
}

function usedLocally(sf: ts.SourceFile, e: Export): boolean {
  let used = false;
  const visit = (n: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(n) && n.text === e.from_name && n !== e.declared && !ts.isExportSpecifier(n.parent)) {
      const p = n.parent;
      const isName = (ts.isPropertyAssignment(p) || ts.isPropertyAccessExpression(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === n;
      if (!isName) used = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return used;
}

const dead: string[] = [];
const needless: string[] = [];
for (const file of files) {
  if (testSide(file) || !importedFiles.has(file)) continue;
  const sf = sources.get(file)!;
  for (const e of exportsOf.get(file) ?? []) {
    const u = users(file, e.name);
    if (u.prod.size > 0) continue;
    if (kept(e)) continue;
    const local = e.from === null && usedLocally(sf, e);
    const where = `${relative(root, file)}: ${e.name}`;
    if (!local) dead.push(u.tests.size > 0 ? `${where} (only ${[...u.tests].map((t) => relative(root, t)).join(', ')})` : where);
    else if (u.tests.size === 0) needless.push(where);
  }
}

if (dead.length) console.log(`Exports nothing but tests (or nothing) needs: remove them, or give the test a local helper\n  ${dead.join('\n  ')}`);
if (needless.length && process.argv.includes('--all')) console.log(`Exports used only in their own file (listed, not failed)\n  ${needless.join('\n  ')}`);
if (dead.length) process.exit(1);
console.log(`unused exports: none in ${files.length} files`);
