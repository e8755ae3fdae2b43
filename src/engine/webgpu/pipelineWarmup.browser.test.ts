// Warming a page's pipelines from the committed manifest leaves its quick run nothing to compile; stale recipes and cancellation are reported, never thrown.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireDevice } from './device';
import { PipelineCache } from './pipelineCache';
import { wgslGenerator } from './pipelineRecipes';
import { PipelineWarmup } from './pipelineWarmup';
import { WebGpuBackend } from './webgpuBackend';
import { PIPELINE_MANIFEST, pageWarmupRecipes, type AdapterClass } from '../../experiments/pipelineManifest';
import { runExperimentOn } from '../../testing/runExperimentOn';
import { SKIP_WITHOUT_WEBGPU, webgpuBackend } from '../../testing/gpuBackendForTests';

let available = false;
beforeAll(async () => {
  available = (await webgpuBackend()) !== null;
});

const opened: WebGpuBackend[] = [];
afterEach(() => {
  for (const be of opened.splice(0)) be.destroy();
});

/** A backend on a new device, so its pipeline cache starts empty. */
async function freshBackend(): Promise<WebGpuBackend> {
  const acq = await acquireDevice({ onError: (m) => console.error(m) });
  const be = new WebGpuBackend(acq, (m) => ((globalThis as { __gpuErrors?: string[] }).__gpuErrors ??= []).push(m));
  opened.push(be);
  return be;
}

const adapterOf = (be: WebGpuBackend): AdapterClass => (be.info.fallback ? 'software' : 'hardware');

describe('pipeline warm-up from the manifest', () => {
  it.for(['spectrum', 'diffusion-subspaces', 'grassmann'])('%s: after the warm-up its quick run compiles no pipeline', async (id, ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    const recipes = pageWarmupRecipes(id, adapterOf(be));
    expect(recipes?.length, `no ${adapterOf(be)} manifest entry for ${id}`).toBeGreaterThan(0);
    const report = await new PipelineWarmup(be.pipelines, recipes!).finished;
    expect(report).toMatchObject({ state: 'done', done: recipes!.length, total: recipes!.length, compiled: recipes!.length, missing: [], failed: [] });
    expect(be.pipelines.stats()).toMatchObject({ compiledOnDemand: 0, compiledAhead: recipes!.length });
    const { leaked } = await runExperimentOn(be, id, 'quick');
    expect(leaked).toBe(0);
    expect(be.pipelines.stats().compiledOnDemand, 'pipelines the quick run compiled itself: the manifest is stale (npm run record-pipelines)').toBe(0);
  });

  it('the hardware list covers the quick run when kernels are planned as on a hardware GPU', async (ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    be.planAs('hardware');
    const recipes = pageWarmupRecipes('spectrum', 'hardware')!;
    // hardware plans differ (workgroup-memory tiles, wider workgroups): the two lists are not the same
    expect(recipes.map((r) => JSON.stringify(r))).not.toEqual(pageWarmupRecipes('spectrum', 'software')!.map((r) => JSON.stringify(r)));
    await new PipelineWarmup(be.pipelines, recipes).finished;
    await runExperimentOn(be, 'spectrum', 'quick');
    expect(be.pipelines.stats().compiledOnDemand).toBe(0);
  });

  it('without the warm-up the same run compiles every pipeline itself (what the count above holds)', async (ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    await runExperimentOn(be, 'spectrum', 'quick');
    const used = be.pipelines.recipes().recipes.length;
    expect(be.pipelines.stats()).toMatchObject({ compiledOnDemand: used, compiledAhead: 0 });
    expect(used).toBe(pageWarmupRecipes('spectrum', adapterOf(be))!.length);
  });

  it('a recipe whose shader no longer exists is reported and warned about; the others still compile and the page runs', async (ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const recipes = [{ name: 'matmul_old', file: 'shaders/common/matmul_removed.wgsl' }, ...pageWarmupRecipes('spectrum', adapterOf(be))!];
    const report = await new PipelineWarmup(be.pipelines, recipes).finished;
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(report.missing).toEqual(['pipeline recipe "matmul_old": shader file shaders/common/matmul_removed.wgsl no longer exists']);
    expect(warnings).toEqual([expect.stringContaining('shaders/common/matmul_removed.wgsl no longer exists; regenerate the manifest with `npm run record-pipelines`')]);
    expect(report).toMatchObject({ state: 'done', done: recipes.length, compiled: recipes.length - 1, failed: [] });
    await runExperimentOn(be, 'spectrum', 'quick');
    expect(be.pipelines.stats().compiledOnDemand).toBe(0);
  });

  it('stop() drops what is queued, waits for the compile in flight, and leaves nothing half-built', async (ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    const recipes = pageWarmupRecipes('diffusion-subspaces', adapterOf(be))!;
    let progressed!: () => void;
    const firstDone = new Promise<void>((r) => (progressed = r));
    const warmup = new PipelineWarmup(be.pipelines, recipes, () => progressed());
    await firstDone;
    const report = await warmup.stop();
    expect(report.state).toBe('cancelled');
    expect(report.done).toBeGreaterThan(0);
    // the list starts with the quick preset's pipelines, so everything warmed is among them
    const quick = PIPELINE_MANIFEST.pages['diffusion-subspaces'][adapterOf(be)]!.quick.length;
    expect(report.done).toBeLessThan(quick);
    const stats = be.pipelines.stats();
    expect([stats.compiledAhead, stats.pipelines]).toEqual([report.compiled, report.compiled]);
    // the run compiles the rest on demand
    await runExperimentOn(be, 'diffusion-subspaces', 'quick');
    expect(be.pipelines.stats().compiledOnDemand).toBe(quick - report.compiled);
  });
});

describe('PipelineCache.prepare', () => {
  const broken = wgslGenerator('test_warmup_broken', (p: { body: string }) => `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(1)
fn main() { out[0] = ${p.body}; }`);

  it('a warmed pipeline is the one get() returns, and it computes', async (ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    const key = { name: 'warm_ok', code: broken({ body: '41.0 + 1.0' }) };
    expect(await be.pipelines.prepare(key)).toBeNull();
    expect(await be.pipelines.prepare(key)).toBeNull();
    expect(be.pipelines.stats()).toMatchObject({ compiledAhead: 1, compiledOnDemand: 0 });
    const pipeline = be.pipelines.get(key);
    expect(be.pipelines.get(key)).toBe(pipeline);
    expect(be.pipelines.recipes().recipes).toEqual([{ name: 'warm_ok', generator: 'test_warmup_broken', params: { body: '41.0 + 1.0' } }]);
    const out = be.empty({ rows: 1, cols: 1 });
    const enc = be.commandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, be.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: be.buffer(out) } }] }));
    pass.dispatchWorkgroups(1);
    pass.end();
    expect([...(await be.read(out))]).toEqual([42]);
    be.dispose(out);
  });

  it('a compile failure is returned with line:column, raises no uncaptured error, and leaves no entry behind', async (ctx) => {
    if (!available) return ctx.skip(SKIP_WITHOUT_WEBGPU);
    const be = await freshBackend();
    const messages: string[] = [];
    const cache = new PipelineCache(be.device, (m) => messages.push(m));
    const err = await cache.prepare({ name: 'warm_broken', code: broken({ body: 'undefined_name' }) });
    expect(err?.message).toMatch(/^WGSL kernel "warm_broken" \(entry point main\) failed to compile:\n  3:\d+ [\s\S]*undefined_name/);
    expect(messages).toEqual([]);
    expect(cache.stats().pipelines).toBe(0);
    // uncaptured errors would fail this test in failOnGpuErrors' afterEach
  });
});
