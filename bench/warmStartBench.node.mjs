// Warm start: per page, the quick preset's first and second run on WebGPU, cold and after the pipeline warm-up, their ratios, and the warm-up's own time.
//
// A Node-side section (bench/<name>Bench.node.mjs): bench/run.mjs imports it and calls run({ log, browser, root }).
// It builds the app into a temporary folder, serves it, and for each page opens two fresh tabs (a fresh compute
// worker and an empty pipeline cache each) with ?backend=webgpu&warm=0 on the gallery, so the page's own warm-up
// stays off and the bench decides when to warm:
//   cold:   quick run, quick run again;
//   warmed: subspaceLab.experiments.warm(id) to completion (its duration), then quick run, quick run again.
// Times are from the call to the resolved result (run to done). WARM_PAGES=all (or a,b,c) picks the pages.
import { withProductionBuild } from './productionBuild.mjs';

const DEFAULT_PAGES = ['spectrum', 'diffusion-subspaces', 'grassmann', 'lora', 'subspace-clustering'];

/** Resolves once the page has made `window.subspaceLab`. */
const untilLab = (page) => page.waitForFunction(() => window.subspaceLab !== undefined, undefined, { timeout: 60_000 });

/** One tab: optionally warm, then the quick preset twice; times in ms and the pipeline cache's counts. */
async function measure(browser, base, id, warm) {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/?backend=webgpu&warm=0#/`);
    // the entry loads the app's start (src/main.tsx → boot.tsx) after the load event: wait for the API it makes
    await untilLab(page);
    return await page.evaluate(async ({ id, warm }) => {
      const lab = window.subspaceLab;
      await lab.ready;
      if (lab.backend !== 'webgpu') throw new Error(`no WebGPU: ${lab.reason}`);
      const timed = async (fn) => {
        const t0 = performance.now();
        const value = await fn();
        return { ms: performance.now() - t0, value };
      };
      const warmup = warm ? await timed(() => lab.experiments.warm(id)) : null;
      const afterWarm = (await lab.debug.pipelines()).stats;
      const first = await timed(() => lab.experiments.run(id, 'quick'));
      const afterFirst = (await lab.debug.pipelines()).stats;
      const second = await timed(() => lab.experiments.run(id, 'quick'));
      const afterSecond = (await lab.debug.pipelines()).stats;
      return {
        warmupMs: warmup?.ms ?? null,
        warmup: warmup ? { total: warmup.value.total, compiled: warmup.value.compiled, missing: warmup.value.missing.length, failed: warmup.value.failed.length } : null,
        firstMs: first.ms,
        secondMs: second.ms,
        compiledByFirst: afterFirst.compiledOnDemand - afterWarm.compiledOnDemand,
        compiledBySecond: afterSecond.compiledOnDemand - afterFirst.compiledOnDemand,
      };
    }, { id, warm });
  } finally {
    await page.close();
  }
}

export function run({ log, browser, root }) {
  return withProductionBuild({ root, name: 'warm-bench', log }, async ({ base }) => {
    let pages = DEFAULT_PAGES;
    if (process.env.WARM_PAGES === 'all') {
      const probe = await browser.newPage();
      await probe.goto(`${base}/?warm=0#/`);
      await untilLab(probe);
      pages = await probe.evaluate(() => window.subspaceLab.experiments.list().map((e) => e.id));
      await probe.close();
    } else if (process.env.WARM_PAGES) {
      pages = process.env.WARM_PAGES.split(',');
    }
    const rows = [];
    for (const id of pages) {
      const cold = await measure(browser, base, id, false);
      const warmed = await measure(browser, base, id, true);
      const row = {
        page: id,
        coldFirst: cold.firstMs / 1000,
        coldSecond: cold.secondMs / 1000,
        coldRatio: cold.firstMs / cold.secondMs,
        warmup: warmed.warmupMs / 1000,
        pipelines: warmed.warmup.total,
        warmFirst: warmed.firstMs / 1000,
        warmSecond: warmed.secondMs / 1000,
        warmRatio: warmed.firstMs / warmed.secondMs,
        coldCompiles: cold.compiledByFirst,
        warmCompiles: warmed.compiledByFirst,
      };
      if (warmed.warmup.missing || warmed.warmup.failed) log(`${id}: ${warmed.warmup.missing} recipes missing, ${warmed.warmup.failed} failed (see the console; npm run record-pipelines)`);
      log(`${id}: cold ${row.coldFirst.toFixed(1)} s / ${row.coldSecond.toFixed(1)} s = ${row.coldRatio.toFixed(2)}×; warm-up ${row.warmup.toFixed(1)} s (${row.pipelines} pipelines), then ${row.warmFirst.toFixed(1)} s / ${row.warmSecond.toFixed(1)} s = ${row.warmRatio.toFixed(2)}×`);
      rows.push(row);
    }
    return {
      title: 'Warm start: first run vs second run of the quick preset on WebGPU',
      columns: [
        { key: 'page', label: 'page' },
        { key: 'coldFirst', label: 'cold 1st s', digits: 2 },
        { key: 'coldSecond', label: 'cold 2nd s', digits: 2 },
        { key: 'coldRatio', label: 'cold 1st/2nd', digits: 2 },
        { key: 'coldCompiles', label: 'compiles in cold 1st', digits: 0 },
        { key: 'warmup', label: 'warm-up s', digits: 2 },
        { key: 'pipelines', label: 'warmed', digits: 0 },
        { key: 'warmFirst', label: 'warm 1st s', digits: 2 },
        { key: 'warmSecond', label: 'warm 2nd s', digits: 2 },
        { key: 'warmRatio', label: 'warm 1st/2nd', digits: 2 },
        { key: 'warmCompiles', label: 'compiles in warm 1st', digits: 0 },
      ],
      rows,
      notes: [
        'Each row: two fresh tabs (fresh worker, empty pipeline cache). Cold: quick run twice. Warmed: experiments.warm(id) to completion, then quick run twice.',
        'Target (DESIGN.md): a page\'s first run within 1.5× of its second once pipelines are compiled ahead. Compare ratios within one run; the machine\'s load moves absolute times.',
        'WARM_PAGES=all (or a comma-separated list) picks the pages; the default is a handful.',
      ],
    };
  });
}
