// Compiles a list of pipeline recipes ahead of need, one at a time and cancellably, reporting recipes that no longer exist instead of failing.
import type { PipelineCache } from './pipelineCache';
import { keyOfRecipe, type PipelineRecipe } from './pipelineRecipes';

/** Where a warm-up stands: `done` of `total` recipes handled (compiled, already cached, missing or failed). */
export type WarmupReport = {
  state: 'warming' | 'done' | 'cancelled';
  done: number;
  total: number;
  /** Pipelines this warm-up compiled (the rest were cached already, missing or failed). */
  compiled: number;
  /** Recipes whose shader file or generator no longer exists: the manifest is older than the code. */
  missing: string[];
  /** Recipes that exist but failed to compile, with the compile error. */
  failed: string[];
  ms: number;
};

/**
 * One warm-up over `recipes`, in order (the manifest lists them by first use, so the first run's
 * pipelines come first). One compile is in flight at a time, so `stop` waits for at most one.
 */
export class PipelineWarmup {
  private cancelled = false;
  private inFlight: Promise<unknown> = Promise.resolve();
  readonly report: WarmupReport;
  /** Settles with the final report once every recipe is handled or the warm-up was stopped. */
  readonly finished: Promise<WarmupReport>;

  constructor(
    private readonly cache: PipelineCache,
    recipes: readonly PipelineRecipe[],
    private readonly onProgress: (r: WarmupReport) => void = () => {},
  ) {
    this.report = { state: 'warming', done: 0, total: recipes.length, compiled: 0, missing: [], failed: [], ms: 0 };
    this.finished = this.warm(recipes);
  }

  /** Cancels the recipes not yet started and resolves once the one compiling (if any) is done. */
  async stop(): Promise<WarmupReport> {
    this.cancelled = true;
    await this.inFlight;
    return this.finished;
  }

  private async warm(recipes: readonly PipelineRecipe[]): Promise<WarmupReport> {
    const started = performance.now();
    const r = this.report;
    for (const recipe of recipes) {
      if (this.cancelled) break;
      const key = keyOfRecipe(recipe);
      if (key instanceof Error) {
        r.missing.push(key.message);
        console.warn(`pipeline warm-up: ${key.message}; regenerate the manifest with \`npm run record-pipelines\``);
      } else {
        const before = this.cache.stats().compiledAhead;
        // never rejects: a lost device or a failed compile is a failed recipe, and stop() must always settle
        const compile = this.cache.prepare(key).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
        this.inFlight = compile;
        const err = await compile;
        if (err) {
          r.failed.push(`${recipe.name}: ${err.message}`);
          console.warn(`pipeline warm-up: ${err.message}`);
        } else if (this.cache.stats().compiledAhead > before) {
          r.compiled++;
        }
      }
      r.done++;
      r.ms = performance.now() - started;
      this.onProgress({ ...r });
    }
    r.state = this.cancelled && r.done < r.total ? 'cancelled' : 'done';
    r.ms = performance.now() - started;
    this.onProgress({ ...r, missing: [...r.missing], failed: [...r.failed] });
    return r;
  }
}
