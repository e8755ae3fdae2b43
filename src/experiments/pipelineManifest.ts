// The committed per-page pipeline manifest (recorded from real runs by `npm run record-pipelines`) and the warm-up list it gives a page.
import type { PipelineRecipe } from '../engine/webgpu/pipelineRecipes';
import recorded from './pipelineManifest.json';

/** Software adapters (SwiftShader) and hardware GPUs plan different kernels, so each has its own list. */
export type AdapterClass = 'software' | 'hardware';

/** Recipe indices (into `recipes`) one preset's run asked for, in first-use order. */
export type PresetPipelines = { quick: number[]; default: number[] };

/** `recipes` is the deduplicated table; `pages[id][adapter]` lists what each preset used. */
export type PipelineManifest = {
  about: string;
  recipes: PipelineRecipe[];
  pages: Record<string, Partial<Record<AdapterClass, PresetPipelines>>>;
};

export const PIPELINE_MANIFEST = recorded as PipelineManifest;

/**
 * The recipes to warm for a page on an adapter class: the quick preset's in first-use order, then
 * those only the default preset uses. Null when the page has no entry for that class.
 */
export function pageWarmupRecipes(pageId: string, adapter: AdapterClass, manifest: PipelineManifest = PIPELINE_MANIFEST): PipelineRecipe[] | null {
  const entry = manifest.pages[pageId]?.[adapter];
  if (!entry) return null;
  const order = [...new Set([...entry.quick, ...entry.default])];
  return order.map((i) => manifest.recipes[i]);
}
