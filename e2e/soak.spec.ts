// A long session: many quick presets in a row through window.subspaceLab on both backends; no leaked tensors, a bounded GPU pool, bounded heap growth.
import { writeFileSync } from 'node:fs';
import { test, expect, engineReady } from './fixtures';
import { heapMeter, type HeapFigures } from './heapUsage';
import { MAX_POOLED_BYTES } from '../src/engine/webgpu/bufferPool';

/** Runs in all, split over the backends (`npm run soak` sets 200; `npm test` runs 20). */
const RUNS = Number(process.env.SOAK_RUNS ?? 20);
const BACKENDS = (process.env.SOAK_BACKENDS ?? 'cpu,webgpu').split(',').filter((b) => b === 'cpu' || b === 'webgpu');
/** 'all': every page in subspaceLab.experiments.list(); otherwise only the cheap ones below. */
const ALL_PAGES = process.env.SOAK_PAGES === 'all';
/**
 * Pages whose quick preset takes a few seconds on both backends on a 2-core machine with
 * SwiftShader, so 20 runs stay within about three minutes. Pages added later join the full soak
 * by themselves; list one here only if its quick preset is as cheap.
 */
const CHEAP_PAGES = ['spectrum', 'rate-reduction', 'continual', 'galore', 'compression'];
/**
 * JS heap growth allowed (page + compute worker, after a forced GC) from the end of the first pass
 * over the pages to the end. Both heaps together hold about 7 MiB; 200 runs grew them by under 1 MiB.
 */
const HEAP_GROWTH_BOUND = 16 * 2 ** 20;

const MiB = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

for (const [index, backend] of BACKENDS.entries()) {
  // the first backend takes the odd run when RUNS is odd
  const runs = Math.floor(RUNS / BACKENDS.length) + (index < RUNS % BACKENDS.length ? 1 : 0);

  test(`soak: ${runs} quick presets in a row on ${backend}: 0 live tensors after each, a bounded buffer pool and heap`, async ({ page, pageErrors }) => {
    void pageErrors;
    test.setTimeout(Math.max(180_000, runs * 60_000));
    await page.goto(`/?backend=${backend}#/`);
    expect(await engineReady(page)).toBe(backend);
    const measure = await heapMeter(page);
    const listed = await page.evaluate(() => window.subspaceLab.experiments.list().map((e) => e.id));
    const candidates = ALL_PAGES ? listed : listed.filter((id) => CHEAP_PAGES.includes(id));
    expect(candidates.length, 'pages to soak').toBeGreaterThan(0);
    // at least two passes, so heap growth is measured over warm runs only
    const pages = candidates.slice(0, Math.max(1, Math.floor(runs / 2)));
    const warmAfter = Math.min(pages.length, runs);
    let warm: HeapFigures | null = null;
    let maxPooled = 0;
    let maxPooledBuffers = 0;
    const times: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      const id = pages[i % pages.length];
      const t0 = Date.now();
      const memory = await page.evaluate(async (id) => {
        await window.subspaceLab.experiments.run(id, 'quick');
        return window.subspaceLab.diagnostics.memory();
      }, id);
      (times[id] ??= []).push((Date.now() - t0) / 1000);
      expect(memory.liveTensors, `live tensors after run ${i + 1} (${id})`).toBe(0);
      if (backend === 'webgpu') {
        const pool = memory.pool!;
        expect(pool, 'the webgpu backend reports its pool').not.toBeNull();
        // with no tensor alive every buffer the pool ever made is idle in it (or destroyed): none escaped
        expect(pool.allocatedBytes, `GPU bytes outside the pool after run ${i + 1} (${id})`).toBe(pool.pooledBytes);
        expect(pool.pooledBytes).toBeLessThanOrEqual(MAX_POOLED_BYTES);
        maxPooled = Math.max(maxPooled, pool.pooledBytes);
        maxPooledBuffers = Math.max(maxPooledBuffers, pool.pooledBuffers);
      } else {
        expect(memory.pool).toBeNull();
      }
      if (i + 1 === warmAfter) warm = await measure();
    }
    const end = await measure();
    const growth = end.pageBytes + end.workerBytes - (warm!.pageBytes + warm!.workerBytes);
    const summary = {
      backend, runs, pages, secondsPerRun: times,
      heapAfterFirstPass: warm, heapAtEnd: end, heapGrowthBytes: growth, heapGrowthBound: HEAP_GROWTH_BOUND,
      maxPooledBytes: maxPooled, maxPooledBuffers, poolCap: MAX_POOLED_BYTES,
    };
    writeFileSync(`e2e/output/soak-${backend}.json`, JSON.stringify(summary, null, 2));
    console.log(
      `soak ${backend}: ${runs} runs over ${pages.join(', ')}; heap ${MiB(warm!.pageBytes + warm!.workerBytes)} → ${MiB(end.pageBytes + end.workerBytes)} ` +
        `(growth ${MiB(growth)}, bound ${MiB(HEAP_GROWTH_BOUND)}); pool max ${MiB(maxPooled)} in ${maxPooledBuffers} buffers`,
    );
    expect(growth, `heap growth over ${runs - warmAfter} warm runs`).toBeLessThan(HEAP_GROWTH_BOUND);
  });
}
