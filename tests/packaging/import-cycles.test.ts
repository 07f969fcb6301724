import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies run one way (feed → item → article → extraction → story → match →
 * alert → delivery): a cycle between modules makes import order matter and hides
 * which stage depends on which. Type-only imports are erased and do not count.
 */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm)) {
    if (m[2]) continue;
    out.push(resolve(dirname(file), (m[3] as string).replace(/\.js$/, '.ts')));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function cycles(files: string[]): string[] {
  const graph = new Map(files.map((f) => [f, runtimeImports(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') found.push([...stack.slice(stack.indexOf(dep)), dep].map((f) => relative(process.cwd(), f)).join(' → '));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('module dependencies', () => {
  it('src/ and workers/ have no import cycles', () => {
    expect(cycles([...sourceFiles(resolve('src')), ...sourceFiles(resolve('workers'))])).toEqual([]);
  });

  it('the check sees a cycle, and not a type-only one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
    writeFileSync(join(dir, 'b.ts'), "import { c } from './c.js';\nexport const b = c;\n");
    writeFileSync(join(dir, 'c.ts'), "import type { A } from './a.js';\nexport const c = 1;\n");
    expect(cycles(sourceFiles(dir))).toEqual([]);
    writeFileSync(join(dir, 'c.ts'), "export { a as c } from './a.js';\n");
    expect(cycles(sourceFiles(dir))).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
