// The registry of WGSL code generators (wgslGenerator) and the texts they produced; free of import.meta.glob, so Node-side
// code (Playwright specs, scripts) can import a generator's module.

/** Plain JSON, as recipes travel in the committed manifest and across the worker boundary. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every registered generator, by id. */
export const GENERATORS = new Map<string, (params: never) => string>();
/** Texts a generator produced, with how: WGSL strings cannot carry a tag, so the cache looks them up here. */
export const GENERATED = new Map<string, { generator: string; params: Json }>();

/**
 * Registers a WGSL code generator under `id` and returns it wrapped: every text it returns is
 * remembered with its params, so a pipeline built from it can be recorded as a recipe and rebuilt
 * in a fresh worker (the generator's module must be loaded there, as every kernel module is).
 * Use it for WGSL assembled at run time; text straight from a shaders/ file needs nothing.
 */
export function wgslGenerator<P extends Json>(id: string, generate: (params: P) => string): (params: P) => string {
  if (GENERATORS.has(id)) throw new Error(`a WGSL generator "${id}" is already registered`);
  GENERATORS.set(id, generate as (params: never) => string);
  return (params) => {
    const code = generate(params);
    if (!GENERATED.has(code)) GENERATED.set(code, { generator: id, params: structuredClone(params) });
    return code;
  };
}
