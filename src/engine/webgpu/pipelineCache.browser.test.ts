// Pipelines are cached by WGSL text (the name is a label), and a compile failure is an Error quoting line:column and source.
import { beforeAll, describe, expect } from 'vitest';
import { gpuIt, webgpuBackend } from '../../testing/gpuBackendForTests';
import { PipelineCache } from './pipelineCache';
import { uniformLayout } from './uniformLayout';
import type { WebGpuBackend } from './webgpuBackend';

let gpu: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
const itGpu = gpuIt(() => gpu, { checkLeaks: true });

/** A test-only kernel writing out[i] = f(i) for i < n; `body` is the expression. */
const kernel = (body: string) => `struct Params { n: u32, _pad0: u32, _pad1: u32, _pad2: u32, }
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;
@compute @workgroup_size(1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x < params.n) { out[id.x] = ${body}; }
}`;
const PARAMS = uniformLayout({ struct: 'Params', shaders: ['test:pipelineCache'] }, { n: 'u32', _pad0: 'u32', _pad1: 'u32', _pad2: 'u32' });

async function run(g: WebGpuBackend, pipeline: GPUComputePipeline, n: number): Promise<number[]> {
  const out = g.empty({ rows: 1, cols: n });
  g.dispatch(pipeline, [g.buffer(out)], PARAMS.of({ n }), [n]);
  const values = [...(await g.read(out))];
  g.dispose(out);
  return values;
}

describe('PipelineCache', () => {
  itGpu('two WGSL texts under one name are two pipelines that compute what their code says', async () => {
    const g = gpu!;
    const modulesBefore = g.pipelines.moduleCount();
    const plusOne = g.pipelines.get({ name: 'cache_test_same_name', code: kernel('f32(id.x) + 1.0') });
    const timesTen = g.pipelines.get({ name: 'cache_test_same_name', code: kernel('f32(id.x) * 10.0') });
    expect(timesTen).not.toBe(plusOne);
    expect(g.pipelines.moduleCount()).toBe(modulesBefore + 2);
    expect(await run(g, plusOne, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(await run(g, timesTen, 5)).toEqual([0, 10, 20, 30, 40]);
  });

  itGpu('the same text twice is one cached module and pipeline; override constants still make their own pipeline', async () => {
    const g = gpu!;
    const code = kernel('f32(id.x) - 2.0');
    const first = g.pipelines.get({ name: 'cache_test_a', code });
    const modules = g.pipelines.moduleCount();
    const pipelines = g.pipelines.size();
    expect(g.pipelines.get({ name: 'cache_test_a', code })).toBe(first);
    expect(g.pipelines.get({ name: 'cache_test_b_other_label', code })).toBe(first);
    expect([g.pipelines.moduleCount(), g.pipelines.size()]).toEqual([modules, pipelines]);

    const withConstant = `override SCALE: f32 = 1.0;\n${kernel('f32(id.x) * SCALE')}`;
    const three = g.pipelines.get({ name: 'cache_test_override', code: withConstant, constants: { SCALE: 3 } });
    const seven = g.pipelines.get({ name: 'cache_test_override', code: withConstant, constants: { SCALE: 7 } });
    expect(seven).not.toBe(three);
    expect(g.pipelines.moduleCount()).toBe(modules + 1);
    expect(await run(g, first, 3)).toEqual([-2, -1, 0]);
    expect(await run(g, three, 3)).toEqual([0, 3, 6]);
    expect(await run(g, seven, 3)).toEqual([0, 7, 14]);
  });

  itGpu('a WGSL syntax error throws an Error naming the kernel, the line:column and quoting the source line', async () => {
    const g = gpu!;
    const broken = kernel('f32(id.x) +* 2.0');
    const badLine = broken.split('\n').findIndex((l) => l.includes('+*')) + 1;
    const failure = await g.pipelines.getChecked({ name: 'cache_test_broken', code: broken }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain('kernel "cache_test_broken"');
    expect(message).toMatch(new RegExp(`\\n  ${badLine}:\\d+ `));
    expect(message).toContain(`${badLine} |   if (id.x < params.n) { out[id.x] = f32(id.x) +* 2.0; }`);
    // Captured by the cache's error scope: nothing reaches the device's uncaptured-error handler (checked after each test).
  });

  itGpu('get() reports a compile failure through onError, formatted the same way, once', async () => {
    const g = gpu!;
    const messages: string[] = [];
    const cache = new PipelineCache(g.device, (m) => messages.push(m));
    const key = { name: 'cache_test_reported', code: kernel('undefined_name(id.x)') };
    cache.get(key);
    cache.get(key);
    await expect(cache.getChecked(key)).rejects.toThrow(/kernel "cache_test_reported"[\s\S]*\d+:\d+ [\s\S]*undefined_name\(id\.x\)/);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^WGSL kernel "cache_test_reported" \(entry point main\) failed to compile:\n  6:\d+ /);
  });
});
