// Compiles each (WGSL text, entry point, override constants) once, after a workgroup-memory check, inside a validation error scope; the name is a label.
import { checkWorkgroupStorage } from './deviceLimits';
import { recipeOf, type PipelineRecipe } from './pipelineRecipes';

/** A compute pipeline to build: `code` identifies the shader module, `name` only labels it (and its errors). */
export type PipelineKey = { name: string; code: string; entryPoint?: string; constants?: Record<string, number> };

type Entry = {
  key: PipelineKey;
  /** null while an ahead-of-need compile (`prepare`) is still under way. */
  pipeline: GPUComputePipeline | null;
  check: Promise<Error | null>;
  reported: boolean;
  /** Asked for by `get`/`getChecked` (a warmed pipeline nobody used stays false). */
  used: boolean;
  /** Built by `prepare`, ahead of need. */
  warmed: boolean;
};

/** What the cache has done, for tests (count-based) and Diagnostics. */
export type PipelineCacheStats = {
  /** Pipelines built on demand, synchronously, by a `get`/`getChecked` that missed. */
  compiledOnDemand: number;
  /** Pipelines built ahead of need by `prepare`. */
  compiledAhead: number;
  /** Pipelines in the cache (compiled or compiling). */
  pipelines: number;
  modules: number;
};

export class PipelineCache {
  /** Shader modules by WGSL text: generated code under a reused name still gets its own module. */
  private readonly modules = new Map<string, { id: number; module: GPUShaderModule }>();
  private readonly pipelines = new Map<string, Entry>();
  private compiledOnDemand = 0;
  private compiledAhead = 0;

  constructor(private readonly device: GPUDevice, private readonly onError: (message: string) => void) {}

  /** The pipeline for `k`; a compile failure arrives later, through `onError`, as `compileError` describes it. */
  get(k: PipelineKey): GPUComputePipeline {
    const entry = this.entry(k);
    if (!entry.reported) {
      entry.reported = true;
      void entry.check.then((err) => err && this.onError(err.message));
    }
    return entry.pipeline!;
  }

  /** The pipeline for `k` once compiled; rejects with the compile error (kernel name, line:column, source line). */
  async getChecked(k: PipelineKey): Promise<GPUComputePipeline> {
    const entry = this.entry(k);
    const err = await entry.check;
    if (err) throw err;
    return entry.pipeline!;
  }

  /**
   * Compiles `k` ahead of need with createComputePipelineAsync, so the compile runs off this thread
   * and a later `get` finds it ready; resolves with the compile error, or null (also when it was cached).
   * A failure is returned, not reported through `onError`: warming must never break a page.
   */
  async prepare(k: PipelineKey): Promise<Error | null> {
    const found = this.lookup(k);
    if (found.entry) return found.entry.check;
    try {
      this.checkStorage(k);
    } catch (e) {
      return e as Error;
    }
    // a module that fails to compile is reported by the pipeline's rejection below, not as an uncaptured error
    this.device.pushErrorScope('validation');
    const module = this.module(k);
    void this.device.popErrorScope();
    const entry: Entry = { key: k, pipeline: null, check: Promise.resolve(null), reported: true, used: false, warmed: true };
    entry.check = this.device
      .createComputePipelineAsync({ label: found.label, layout: 'auto', compute: { module, entryPoint: found.entryPoint, constants: k.constants ?? {} } })
      .then((p) => {
        entry.pipeline = p;
        return null;
      }, (err: GPUError) => {
        // a failed warm-up leaves no entry: a run that needs the pipeline compiles it and reports the error as usual
        if (this.pipelines.get(found.id) === entry) this.pipelines.delete(found.id);
        return compileError(k, module, err);
      });
    this.pipelines.set(found.id, entry);
    this.compiledAhead++;
    return entry.check;
  }

  /** Pipelines built so far. */
  size(): number {
    return this.pipelines.size;
  }

  /** Distinct shader modules (WGSL texts) compiled so far. */
  moduleCount(): number {
    return this.modules.size;
  }

  stats(): PipelineCacheStats {
    return { compiledOnDemand: this.compiledOnDemand, compiledAhead: this.compiledAhead, pipelines: this.pipelines.size, modules: this.modules.size };
  }

  /**
   * The recipe of every pipeline asked for through `get`/`getChecked`, in first-use order (warmed
   * but unused ones left out), and the names of those whose WGSL has no recipe (see pipelineRecipes.ts).
   */
  recipes(): { recipes: PipelineRecipe[]; unrecorded: string[] } {
    const recipes: PipelineRecipe[] = [];
    const unrecorded: string[] = [];
    for (const e of this.pipelines.values()) {
      if (!e.used) continue;
      const r = recipeOf(e.key);
      if (r) recipes.push(r);
      else unrecorded.push(e.key.name);
    }
    return { recipes, unrecorded };
  }

  /** Where `k` lives in the cache: its id (module id, entry point, sorted constants), label, and entry if built. */
  private lookup(k: PipelineKey): { id: string; label: string; entryPoint: string; entry: Entry | undefined } {
    const entryPoint = k.entryPoint ?? 'main';
    const constants = k.constants ?? {};
    // sorted, so the same constants in another order are the same pipeline
    const constantsKey = Object.keys(constants).sort().map((n) => `${n}=${constants[n]}`).join(',');
    const mod = this.modules.get(k.code);
    const id = `${mod ? mod.id : this.modules.size}|${entryPoint}|${constantsKey}`;
    return { id, label: `${k.name}|${entryPoint}|${constantsKey}`, entryPoint, entry: mod && this.pipelines.get(id) };
  }

  /** Throws DeviceLimitError when the kernel's workgroup memory exceeds the device's. */
  private checkStorage(k: PipelineKey): void {
    checkWorkgroupStorage(k.code, k.constants ?? {}, `the ${k.name} kernel's workgroup memory`, this.device.limits);
  }

  private module(k: PipelineKey): GPUShaderModule {
    let mod = this.modules.get(k.code);
    if (!mod) {
      mod = { id: this.modules.size, module: this.device.createShaderModule({ label: k.name, code: k.code }) };
      this.modules.set(k.code, mod);
    }
    return mod.module;
  }

  private entry(k: PipelineKey): Entry {
    const found = this.lookup(k);
    if (found.entry?.pipeline) {
      found.entry.used = true;
      return found.entry;
    }
    // Still compiling ahead of need (the engine host waits for warm-ups before any work, so this is
    // rare): dispatch cannot wait, so it is built again here, as it would be without the warm-up.
    this.checkStorage(k);
    this.device.pushErrorScope('validation');
    const module = this.module(k);
    const pipeline = this.device.createComputePipeline({ label: found.label, layout: 'auto', compute: { module, entryPoint: found.entryPoint, constants: k.constants ?? {} } });
    const check = this.device.popErrorScope().then((err) => (err ? compileError(k, module, err) : null));
    const entry: Entry = { key: k, pipeline, check, reported: false, used: true, warmed: false };
    this.pipelines.set(found.id, entry);
    this.compiledOnDemand++;
    return entry;
  }
}

/**
 * The error for a failed pipeline: each WGSL compile error as `line:column message` followed by the source line
 * and a caret; with no compile message (a missing entry point, a bad override) the validation message itself.
 */
export async function compileError(k: PipelineKey, module: GPUShaderModule, err: { message: string }): Promise<Error> {
  const where = `kernel "${k.name}" (entry point ${k.entryPoint ?? 'main'})`;
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (!errors.length) return new Error(`${where} failed to build: ${err.message}`);
  const lines = k.code.split('\n');
  const described = errors.map((m) => {
    const source = lines[m.lineNum - 1] ?? '';
    const gutter = `    ${m.lineNum} | `;
    return `  ${m.lineNum}:${m.linePos} ${m.message}\n${gutter}${source}\n${' '.repeat(gutter.length + Math.max(0, m.linePos - 1))}^`;
  });
  return new Error(`WGSL ${where} failed to compile:\n${described.join('\n')}`);
}
