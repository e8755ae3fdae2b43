// The page's entry (src/main.tsx, with the start-up steps it imports) loads no kernel code: shaders, kernels and training run in the worker, and each KB of them in the entry lengthens the page's opening task.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './testing/wgslSources';

/** The files a module imports at load time: `import … from` and `export … from`, leaving out type-only ones and import(). */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+([^;]*?)\s+from\s+'([^']+)'/gms)) {
    const [, , clause, spec] = m;
    if (/^type\s/.test(clause)) continue;
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    if (names !== undefined && names.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '))) continue;
    found.push(spec);
  }
  for (const m of code.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(m[1]);
  return found.filter((s) => s.startsWith('.')).map((s) => resolveModule(dirname(file), s)).filter((f): f is string => f !== null);
}

function resolveModule(from: string, spec: string): string | null {
  const base = join(from, spec.replace(/\?raw$/, ''));
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => /\.(ts|tsx|wgsl|md|json|css)$/.test(f) && existsSync(f)) ?? null;
}

/** The files `file` imports with import('./…'): for the entry, its start-up steps. */
function dynamicImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => resolveModule(dirname(file), m[1])).filter((f): f is string => f !== null);
}

/** Every file reachable from `entry` (and `steps`) through static imports, each with the chain that first reached it. */
function reachable(entry: string, steps: string[] = []): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]], ...steps.map((f): [string, string[]] => [f, [entry, f]])]);
  const queue = [entry, ...steps];
  while (queue.length) {
    const file = queue.shift()!;
    if (!/\.(ts|tsx)$/.test(file)) continue;
    for (const dep of staticImports(file)) {
      if (seen.has(dep)) continue;
      seen.set(dep, [...seen.get(file)!, dep]);
      queue.push(dep);
    }
  }
  return seen;
}

describe('the main thread loads no kernels', () => {
  it('src/main.tsx starts the app in three steps: the libraries, the experiments, the app', () => {
    const steps = dynamicImports(join(REPO_ROOT, 'src/main.tsx')).map((f) => relative(REPO_ROOT, f));
    expect(steps).toEqual(['src/bootLibraries.ts', 'src/experiments/registry.ts', 'src/boot.tsx']);
  });

  it('src/main.tsx and its start-up steps reach no WGSL, kernel planner or training code through static imports', () => {
    const entry = join(REPO_ROOT, 'src/main.tsx');
    const files = reachable(entry, dynamicImports(entry));
    expect(files.size, 'the walk finds the app').toBeGreaterThan(100);
    const kernelCode = [...files.keys()]
      .map((f) => relative(REPO_ROOT, f))
      .filter((f) => f.startsWith('shaders/') || /^src\/(linalg|learn|engine\/webgpu|engine\/cpu)\//.test(f) || /Kernels\.ts$/.test(f));
    const chains = kernelCode.map((f) => files.get(join(REPO_ROOT, f))!.map((p) => relative(REPO_ROOT, p)).join(' → '));
    expect(chains).toEqual([]);
  });

  it('the walk sees through a value import and skips type-only ones', () => {
    const files = reachable(join(REPO_ROOT, 'src/api/subspaceLab.ts'));
    const names = [...files.keys()].map((f) => relative(REPO_ROOT, f));
    expect(names).toContain('src/cluster/clusterMethods.ts'); // imported for a value
    expect(names).not.toContain('src/cluster/matrixApi.ts'); // imported for a type only
  });
});
