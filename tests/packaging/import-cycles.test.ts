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

/**
 * Folders in data-flow order, infrastructure first and the composition root
 * last: a module may import its own folder and earlier ones, never a later one
 * (the alert store must not need delivery; metrics must not need receivers).
 */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['net', 'metrics'],
  ['feeds'],
  ['articles'],
  ['extraction'],
  ['stories'],
  ['events', 'matching'],
  ['alerts'],
  ['trends'],
  ['delivery'],
  ['exports', 'eval'],
  ['record', 'queue'],
  ['http'],
  ['config'],
  ['pipeline'],
  ['workers'],
  ['service'],
  ['cli'],
];

function layerOf(file: string): { folder: string; rank: number } {
  const [top, folder = ''] = relative(process.cwd(), file).split('/');
  const name = top === 'workers' ? 'workers' : folder;
  return { folder: name, rank: LAYERS.findIndex((layer) => layer.includes(name)) };
}

/** `src/alerts/x.ts → src/delivery/y.ts` for every import of a later folder, and every folder missing from LAYERS. */
function backwardImports(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    if (from.rank < 0) found.push(`${relative(process.cwd(), file)}: folder ${from.folder} is not in LAYERS`);
    for (const dep of runtimeImports(file)) {
      const to = layerOf(dep);
      if (to.rank > from.rank) found.push(`${relative(process.cwd(), file)} → ${relative(process.cwd(), dep)} (${from.folder} imports the later ${to.folder})`);
    }
  }
  return found;
}

describe('module dependencies', () => {
  it('no folder imports a later one in the data flow (core … feeds → articles → extraction → stories → matching → alerts → delivery … pipeline → workers → service → cli)', () => {
    expect(backwardImports([...sourceFiles(resolve('src')), ...sourceFiles(resolve('workers'))])).toEqual([]);
  });

  it('the layer check sees an earlier folder importing a later one', () => {
    const alerts = resolve('src/alerts/store.ts');
    const fake = join(resolve('src/alerts'), '__layer-probe__.ts');
    writeFileSync(fake, "import { notifyAlert } from '../delivery/pipeline.js';\nexport const x = notifyAlert;\n");
    try {
      expect(backwardImports([alerts, fake])).toEqual([`src/alerts/__layer-probe__.ts → src/delivery/pipeline.ts (alerts imports the later delivery)`]);
    } finally {
      rmSync(fake);
    }
  });

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
