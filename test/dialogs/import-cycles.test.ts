// Inside dialogs/ no module imports one that (directly or through others) imports it back:
// every import and re-export counts, type-only ones included, and so does the loading of every
// command module by file name (command-modules.ts), so a cycle fails here before it can turn into
// a module that is still undefined while it loads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../dialogs');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

/** Modules that load others by file name: the command modules (command-modules.ts) load every file of commands/. */
function loadedByName(root: string, file: string): string[] {
  return file === path.join(root, 'command-modules.ts') ? sourceFiles(path.join(root, 'commands')) : [];
}

/** Module -> the dialogs/ modules it imports. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => resolveImport(file, f.fileName))
      .filter((t): t is string => t !== undefined && t.startsWith(root + path.sep));
    graph.set(file, [...new Set([...targets, ...loadedByName(root, file)])]);
  }
  return graph;
}

/** Every import cycle, each as the chain of modules that closes it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('dialogs/ import graph', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    assert.deepEqual(findCycles(graph), [['a', 'b', 'c', 'a']]);
  });

  it('sees the imports of the real modules', () => {
    const graph = importGraph(ROOT);
    assert.ok(graph.size > 30, `${graph.size} modules`);
    assert.ok(graph.get(path.join(ROOT, 'conversation.ts'))?.includes(path.join(ROOT, 'registry.ts')));
    assert.ok(graph.get(path.join(ROOT, 'command-modules.ts'))?.includes(path.join(ROOT, 'commands', 'pool-status.ts')));
  });

  it('has no import cycle', () => {
    const cycles = findCycles(importGraph(ROOT)).map((c) => c.map((f) => path.relative(ROOT, f)).join(' -> '));
    assert.deepEqual(cycles, []);
  });
});
