// The committed pipeline manifest covers every live page on both adapter classes, and every recipe in it still exists in the code.
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from './registry';
import { PIPELINE_MANIFEST, pageWarmupRecipes, type PipelineManifest } from './pipelineManifest';
import { keyOfRecipe } from '../engine/webgpu/pipelineRecipes';
// registers the generated matmul kernels' generator, as loading the backend does in the worker
import '../engine/webgpu/matmulRegisterWgsl';

const REGENERATE = 'regenerate it with `npm run record-pipelines`';

describe('pipeline manifest', () => {
  it.each(EXPERIMENTS.map((e) => e.id))('%s has software and hardware entries with a non-empty quick list', (id) => {
    for (const adapter of ['software', 'hardware'] as const) {
      const entry = PIPELINE_MANIFEST.pages[id]?.[adapter];
      expect(entry, `no ${adapter} entry for ${id}: ${REGENERATE}`).toBeDefined();
      expect(entry!.quick.length, `${id} ${adapter}: an empty quick list`).toBeGreaterThan(0);
      for (const i of [...entry!.quick, ...entry!.default]) expect(PIPELINE_MANIFEST.recipes[i], `${id}: recipe index ${i}`).toBeDefined();
    }
  });

  it('lists no page that no longer exists', () => {
    const live = new Set(EXPERIMENTS.map((e) => e.id));
    expect(Object.keys(PIPELINE_MANIFEST.pages).filter((id) => !live.has(id)), REGENERATE).toEqual([]);
  });

  it('every recipe still names a shaders/ file or generator the code has', () => {
    const gone = PIPELINE_MANIFEST.recipes.map(keyOfRecipe).filter((k): k is Error => k instanceof Error).map((e) => e.message);
    expect(gone, REGENERATE).toEqual([]);
  });

  it('a page warms its quick preset\'s pipelines first, then those only the default preset uses, each once', () => {
    const m: PipelineManifest = {
      about: '',
      recipes: ['a', 'b', 'c', 'd'].map((name) => ({ name, file: `shaders/x/${name}.wgsl` })),
      pages: { p: { software: { quick: [2, 0], default: [0, 3, 2, 1] } } },
    };
    expect(pageWarmupRecipes('p', 'software', m)!.map((r) => r.name)).toEqual(['c', 'a', 'd', 'b']);
    expect(pageWarmupRecipes('p', 'hardware', m)).toBeNull();
    expect(pageWarmupRecipes('q', 'software', m)).toBeNull();
  });
});
