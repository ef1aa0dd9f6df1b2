/**
 * The shape of the house, measured: the import graph of src/ (and specs/), its circles,
 * imports that reach up a layer, and the longest file and function.
 * `npm run house` prints the figures; test/architecture.test.ts holds the rules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Bottom up. A file may import from its own layer or any layer below. */
export const LAYERS: { name: string; match: RegExp }[] = [
  { name: 'domain', match: /^src\/(domain|errors)\// },
  { name: 'views', match: /^src\/views\// },
  { name: 'repositories/agents/db', match: /^(src\/(repositories|agents|db|config|integrations)\/|src\/logger\.ts$|specs\/|db\/)/ },
  { name: 'use-cases', match: /^src\/use-cases\// },
  { name: 'jobs/slack/webhooks', match: /^src\/(jobs|slack|webhooks)\// },
  { name: 'app', match: /^src\/(app|main)\.ts$/ },
];

export function layerOf(file: string): number {
  const i = LAYERS.findIndex((l) => l.match.test(file));
  if (i < 0) throw new Error(`${file} belongs to no layer`);
  return i;
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export function sourceFiles(): string[] {
  return [...walk('src'), ...walk('specs'), ...walk('db')].sort();
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Relative imports of a file (value, type-only and `import('…')` types alike), resolved to files. */
export function importsOf(file: string): string[] {
  const found = new Set<string>();
  const add = (spec: string) => {
    if (!spec.startsWith('.')) return;
    const base = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.(js|ts)$/, '');
    for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
      try {
        if (statSync(join(ROOT, candidate)).isFile()) return void found.add(candidate);
      } catch {
        /* try the next */
      }
    }
    throw new Error(`${file}: cannot resolve ${spec}`);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return [...found].sort();
}

export function importGraph(): Map<string, string[]> {
  return new Map(sourceFiles().map((f) => [f, importsOf(f)]));
}

/** Strongly connected components with more than one file (Tarjan): each is a circle. */
export function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

/** Imports from a layer above the importing file's own. */
export function upwardImports(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, tos] of graph) {
    for (const to of tos) if (layerOf(to) > layerOf(from)) out.push(`${from} (${LAYERS[layerOf(from)]!.name}) → ${to} (${LAYERS[layerOf(to)]!.name})`);
  }
  return out;
}

export interface Span {
  where: string;
  lines: number;
}

export function longestFile(): Span {
  return sourceFiles()
    .map((f) => ({ where: f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '').length }))
    .sort((a, b) => b.lines - a.lines)[0]!;
}

/** Every function, method and arrow function, by its length in lines (nested ones counted on their own too). */
export function functionSpans(): Span[] {
  const spans: Span[] = [];
  for (const file of sourceFiles()) {
    const sf = parse(file);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const name = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ? node.name?.getText(sf) : ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(sf) : undefined;
        spans.push({ where: `${file}:${start + 1} ${name ?? '(anonymous)'}`, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return spans.sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const graph = importGraph();
  const found = circles(graph);
  const up = upwardImports(graph);
  const file = longestFile();
  const fns = functionSpans().slice(0, 5);
  console.log(`files: ${graph.size}, imports: ${[...graph.values()].reduce((n, t) => n + t.length, 0)}`);
  console.log(`import circles: ${found.length}`);
  for (const c of found) console.log(`  ${c.length} files: ${c.join(', ')}`);
  console.log(`imports from a layer above: ${up.length}`);
  for (const u of up) console.log(`  ${u}`);
  console.log(`longest file: ${file.where} (${file.lines} lines)`);
  console.log('longest functions:');
  for (const f of fns) console.log(`  ${f.lines} lines  ${f.where}`);
}
