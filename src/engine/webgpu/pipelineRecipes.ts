// Pipeline recipes: a serializable name for every pipeline the cache builds (a shaders/ file or a registered WGSL generator, plus entry point and constants), and their rebuilding.
import type { PipelineKey } from './pipelineCache';
import { composedParts, composeWgsl } from './composeWgsl';
import { GENERATED, GENERATORS, type Json } from './wgslGenerators';

export { wgslGenerator, type Json } from './wgslGenerators';

/**
 * How to rebuild one compute pipeline without the code that first asked for it: the WGSL comes from
 * `file` (a path under shaders/, as in the repository) or from `generator(params)`, one registered with
 * `wgslGenerator`. `name` is the label the pipeline had.
 */
export type PipelineRecipe = {
  name: string;
  file?: string;
  generator?: string;
  params?: Json;
  entryPoint?: string;
  constants?: Record<string, number>;
};

// Every shader under shaders/, by repository path; the worker bundle already holds each one (a kernel imports it), so this adds no bytes.
const FILES: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../../shaders/**/*.wgsl', { query: '?raw', import: 'default', eager: true }))
    .map(([path, text]) => [path.replace(/^(\.\.\/)+/, ''), text]),
);
const FILE_OF_TEXT = new Map(Object.entries(FILES).map(([path, text]) => [text, path]));

// Kernels composed from snippets (composeWgsl) are no one file's text: their recipe lists the files, snippets first.
const COMPOSE_GENERATOR = 'composeWgsl';
GENERATORS.set(COMPOSE_GENERATOR, ((paths: string[]) =>
  composeWgsl(...paths.map((path) => {
    const text = FILES[path];
    if (text === undefined) throw new Error(`shader file ${path} no longer exists`);
    return text;
  }))) as (params: never) => string);

/** The compose recipe of a text composeWgsl built from shaders/ files, or undefined. */
function composedRecipe(code: string): { generator: string; params: Json } | undefined {
  const paths = composedParts(code)?.map((part) => FILE_OF_TEXT.get(part));
  if (!paths || paths.some((p) => p === undefined)) return undefined;
  return { generator: COMPOSE_GENERATOR, params: paths as string[] };
}

/** The recipe for a key, or null when its WGSL is neither a shaders/ file nor a registered generator's output. */
export function recipeOf(k: PipelineKey): PipelineRecipe | null {
  const file = FILE_OF_TEXT.get(k.code);
  const generated = file ? undefined : (GENERATED.get(k.code) ?? composedRecipe(k.code));
  if (!file && !generated) return null;
  const recipe: PipelineRecipe = { name: k.name, ...(file ? { file } : generated) };
  if (k.entryPoint && k.entryPoint !== 'main') recipe.entryPoint = k.entryPoint;
  if (k.constants && Object.keys(k.constants).length) recipe.constants = sortedConstants(k.constants);
  return recipe;
}

/** The pipeline key a recipe names today, or an Error saying what no longer exists (code changed since it was recorded). */
export function keyOfRecipe(r: PipelineRecipe): PipelineKey | Error {
  let code: string | undefined;
  if (r.file !== undefined) {
    code = FILES[r.file];
    if (code === undefined) return new Error(`pipeline recipe "${r.name}": shader file ${r.file} no longer exists`);
  } else if (r.generator !== undefined) {
    const generate = GENERATORS.get(r.generator);
    if (!generate) return new Error(`pipeline recipe "${r.name}": no WGSL generator "${r.generator}" is registered`);
    try {
      code = generate(r.params as never);
    } catch (e) {
      return new Error(`pipeline recipe "${r.name}": generator "${r.generator}" refused ${JSON.stringify(r.params)}: ${(e as Error).message}`);
    }
  } else {
    return new Error(`pipeline recipe "${r.name}" names neither a file nor a generator`);
  }
  return { name: r.name, code, entryPoint: r.entryPoint, constants: r.constants };
}

/** One string per distinct recipe (constants sorted), to deduplicate and compare recipes. */
export function recipeId(r: PipelineRecipe): string {
  const source = r.file ?? `${r.generator}(${JSON.stringify(r.params)})`;
  const constants = r.constants ? Object.entries(sortedConstants(r.constants)).map(([n, v]) => `${n}=${v}`).join(',') : '';
  return `${source}|${r.entryPoint ?? 'main'}|${constants}`;
}

function sortedConstants(c: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(c).sort().map((n) => [n, c[n]]));
}

/** Paths of every shaders/ file (for tests). */
export function shaderFiles(): string[] {
  return Object.keys(FILES).sort();
}
