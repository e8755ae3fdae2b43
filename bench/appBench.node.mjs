// App weight and responsiveness: first-paint JS and plot chunk sizes (gzip) of a production build; per page and backend, main-thread long tasks while it opens and runs its quick preset.
//
// A Node-side section (bench/<name>Bench.node.mjs): bench/run.mjs imports it and calls run({ log, browser, root }).
// It builds the app with Vite into a temporary folder, sizes the JS that the first paint loads (the entry chunk and
// its start-up steps with their static imports, from the build manifest), then serves that build and watches the main thread with a
// PerformanceObserver for 'longtask' on every page (APP_BENCH_PAGES=spectrum,galore and APP_BENCH_BACKENDS=cpu narrow it; bench/appPageRun.mjs).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measurePage } from './appPageRun.mjs';
import { withProductionBuild } from './productionBuild.mjs';

/** Backends to measure each page on: APP_BENCH_BACKENDS=cpu (default: both). */
const BACKENDS = (process.env.APP_BENCH_BACKENDS ?? 'cpu,webgpu').split(',').map((s) => s.trim()).filter(Boolean);
const KB = 1024;
/** Pause before each page is opened, while the previous page's tab is torn down. */
const SETTLE_MS = 2000;

async function sizeOf(dir, file) {
  const bytes = await readFile(join(dir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * What the first paint loads: the entry chunk, the chunks it imports as its start-up steps (src/main.tsx imports
 * them dynamically, one task apart), and every chunk those import statically, transitively. Lazy chunks that the
 * steps import dynamically (plotly, KaTeX, the worker) are left out.
 */
function firstPaintChunks(manifest) {
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entryKey) throw new Error('the build manifest has no entry chunk');
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) visit(dep);
  };
  visit(entryKey);
  for (const step of manifest[entryKey].dynamicImports ?? []) visit(step);
  return [...seen].map((k) => manifest[k]);
}

/** Pages to measure: APP_BENCH_PAGES=spectrum,galore (default: every page the app lists). */
async function pagesToMeasure(browser, base) {
  const page = await browser.newPage();
  try {
    await page.goto(`${base}/?backend=cpu#/`);
    await page.waitForFunction(() => window.subspaceLab?.experiments, undefined, { timeout: 60_000 });
    const all = await page.evaluate(() => window.subspaceLab.experiments.list().map((e) => e.id));
    const wanted = process.env.APP_BENCH_PAGES?.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = (wanted ?? []).filter((w) => !all.includes(w));
    if (unknown.length) throw new Error(`APP_BENCH_PAGES names unknown page(s): ${unknown.join(', ')}`);
    return wanted ?? all;
  } finally {
    await page.close();
  }
}

export function run({ log, browser, root }) {
  return withProductionBuild({ root, name: 'app-bench', log, buildOptions: { manifest: true } }, async ({ outDir, base }) => {
    const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'));
    const initial = firstPaintChunks(manifest);
    const initialJs = await Promise.all(initial.map((c) => sizeOf(outDir, c.file)));
    const initialCss = await Promise.all([...new Set(initial.flatMap((c) => c.css ?? []))].map((f) => sizeOf(outDir, f)));
    const assets = (await readdir(join(outDir, 'assets'))).filter((f) => f.endsWith('.js'));
    const plotChunks = await Promise.all(assets.filter((f) => /plotly/i.test(f)).map((f) => sizeOf(outDir, `assets/${f}`)));
    const workerFile = assets.find((f) => /engineWorker/i.test(f));
    const worker = workerFile ? await sizeOf(outDir, `assets/${workerFile}`) : null;
    const sum = (list, k) => list.reduce((s, x) => s + x[k], 0);
    const kb = (b) => `${(b / KB).toFixed(1)} KB`;

    const pages = await pagesToMeasure(browser, base);
    log(`${pages.length} page(s) × ${BACKENDS.join(', ')}: ${pages.join(', ')}`);
    const rows = [];
    for (const id of pages) {
      for (const backend of BACKENDS) {
        try {
          // the previous page's tab closes in the background (its worker, WebGPU device and WebGL contexts): let that
          // finish first, so it does not compete with this page's opening for the two cores
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          rows.push(await measurePage(browser, base, id, backend, log));
        } catch (e) {
          log(`${id} ${backend}: ${e.message.split('\n')[0]}`);
          rows.push({ page: id, requested: backend, backend: null, outcome: `bench error: ${e.message.split('\n')[0]}` });
        }
      }
    }
    const measured = rows.filter((r) => typeof r.runMaxMs === 'number');
    const worst = (k) => measured.reduce((m, r) => Math.max(m, r[k]), 0);
    const chunkBytes = (names) => sum(plotChunks.filter((c) => names.some((n) => n.endsWith(c.file.slice('assets/'.length)))), 'gzip');
    const draws3d = (r) => r.scene3dWarmupMs !== null;
    // plotly's evaluation is the same work on every 2-D page: its median says how fast the machine ran this pass
    const evals2d = measured.filter((r) => !draws3d(r)).map((r) => r.plotlyEvalMs);
    const twoD = measured.find((r) => !draws3d(r) && r.plotChunks.length > 0); // a page that draws no 3-D plot
    return {
      title: 'App: per page and backend, main-thread long tasks while it opens and runs its quick preset',
      columns: [
        { key: 'page', label: 'page' },
        { key: 'backend', label: 'backend' },
        { key: 'outcome', label: 'outcome' },
        { key: 'openMaxMs', label: 'open: longest ms', digits: 0 },
        { key: 'openOver50', label: 'open: >50 ms', digits: 0 },
        { key: 'runMaxMs', label: 'run: longest ms', digits: 0 },
        { key: 'runOver50', label: 'run: >50 ms', digits: 0 },
        { key: 'firstPlotMs', label: 'first plot ms', digits: 0 },
        { key: 'doneMs', label: 'done ms', digits: 0 },
        { key: 'runDrawsComputing', label: 'run: draws while it computed', digits: 0 },
        { key: 'librariesEvalMs', label: 'React eval ms', digits: 0 },
        { key: 'plotlyEvalMs', label: 'plotly eval ms', digits: 0 },
        { key: 'plotlyWarmupMs', label: 'plotly warm-up draw ms', digits: 0 },
        { key: 'scene3dWarmupMs', label: '3-D scene warm-up ms', digits: 0 },
      ],
      rows,
      notes: [
        `first-paint JS (entry + its start-up steps + their static imports): ${kb(sum(initialJs, 'gzip'))} gzip, ${kb(sum(initialJs, 'raw'))} raw; CSS ${kb(sum(initialCss, 'gzip'))} gzip`,
        ...plotChunks.map((c) => `plot chunk ${c.file}: ${kb(c.gzip)} gzip (${kb(c.raw)} raw)`),
        twoD ? `plot chunks a page without 3-D loads: ${kb(chunkBytes(twoD.plotChunks))} gzip` : 'no page without 3-D plots was measured',
        worker ? `compute worker chunk: ${kb(worker.gzip)} gzip` : 'no compute worker chunk found',
        evals2d.length ? `median plotly evaluation on a 2-D page: ${median(evals2d).toFixed(0)} ms (the same work on every page; it says how fast this machine ran during the pass)` : 'no 2-D page was measured',
        `worst over all pages: open ${worst('openMaxMs').toFixed(0)} ms, run ${worst('runMaxMs').toFixed(0)} ms (target: none over 100 ms); React's one-time evaluation ${worst('librariesEvalMs').toFixed(0)} ms (median ${median(measured.map((r) => r.librariesEvalMs)).toFixed(0)} ms), the page's first task; plotly's one-time evaluation ${worst('plotlyEvalMs').toFixed(0)} ms, during idle time before Run; its warm-up draws ${worst('plotlyWarmupMs').toFixed(0)} ms, in later idle moments (counted in open); a 3-D scene's preparation ${worst('scene3dWarmupMs').toFixed(0)} ms, in a later idle moment`,
        `Long tasks: PerformanceObserver "longtask" (> 50 ms). open = from navigation until Run is pressed (React's evaluation, the page's first task, one module the app cannot split, is the React column, not counted in open; plotly loads idle in between; its evaluation is the plotly column, not counted in open; its warm-up draws, off screen, each in an idle moment of its own, are counted in open, and their longest is also the warm-up column; on a 3-D page the preparation of a 3-D scene, a WebGL context with its shader programs and first frame, is the 3-D scene column, not counted in open or run, whether before Run or in the idle moment after a run took the scene); run = Run pressed until done and every plot drawn. first plot / done: ms after Run. Each page opens ${SETTLE_MS / 1000} s after the previous page's tab was closed; on webgpu the reader picks the quick preset once the page's pipelines are compiled (the compile runs on the CPU here).`,
        `plot draws during the runs (Run to run-done): ${sum(measured, 'runDraws')}, of them made while the run's worker computed its next step rather than waited for the page (drawQueue): ${sum(measured, 'runDrawsComputing')}`,
        ...over100Notes(rows),
      ],
      extra: { initialJs, initialCss, plotChunks, worker, backends: BACKENDS },
    };
  });
}

/** The middle value of `values` (0 for none). */
function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : 0;
}

/** One note per task over 100 ms (opening or run), with what ran in its frame; one line saying there were none. */
function over100Notes(rows) {
  const lines = rows.flatMap((r) => (r.over100 ?? []).map((t) => `over 100 ms: ${r.page}/${r.requested} ${t.phase} task at ${t.start} ms, ${t.duration} ms: ${t.scripts.join('; ') || 'no script attributed (style, layout, paint or a wait on another process)'}${t.plots?.length ? `; plot draws: ${t.plots.join(', ')}` : ''}`));
  return lines.length ? lines : ["no task over 100 ms on any page (React's and plotly's evaluations and the 3-D scene preparation apart)"];
}
