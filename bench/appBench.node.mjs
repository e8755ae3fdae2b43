// App weight and responsiveness: first-paint JS (gzip) of a production build, the lazy plotly chunk, long tasks during a quick spectrum run.
//
// A Node-side section (bench/<name>Bench.node.mjs): bench/run.mjs imports it and calls run({ log, browser, root }).
// It builds the app with Vite into a temporary folder, sizes the JS that the first paint loads (the entry chunk and
// its static imports, from the build manifest), then serves that build and watches the main thread with a
// PerformanceObserver for 'longtask' from pressing Run until the run is done and every plot is drawn.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';

/** The spectrum page's quick preset (128×128 image, Jacobi SVD, k = 16) with seed 1. */
const QUICK_HASH = '#/spectrum?size=128&k=16&seed=1&v=1';
const KB = 1024;

async function sizeOf(dir, file) {
  const bytes = await readFile(join(dir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The entry chunk and every chunk it imports statically, transitively (what the first paint loads). */
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
  return [...seen].map((k) => manifest[k]);
}

/** Long tasks on the main thread while the quick spectrum run goes, on one backend. */
async function longTasksDuringRun(browser, base, backend, log) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const search = backend === 'auto' ? '' : `?backend=${backend}`;
    await page.goto(`${base}/${search}${QUICK_HASH}`);
    const status = page.locator('[data-testid="backend-status"][data-status="ready"]');
    await status.waitFor({ timeout: 120_000 });
    const used = await status.getAttribute('data-backend');
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('run').click();
    await page.locator('[data-testid="run-controls"][data-status="done"]').waitFor({ timeout: 300_000 });
    await page.waitForFunction(() => {
      const figs = document.querySelectorAll('figure.plot');
      return figs.length > 0 && Array.from(figs).every((f) => f.getAttribute('data-rendered') === 'true');
    }, undefined, { timeout: 120_000, polling: 50 });
    const t1 = await page.evaluate(() => performance.now());
    const all = await page.evaluate(() => window.__longTasks);
    const tasks = all.filter((t) => t.start >= t0 && t.start <= t1);
    const opening = all.filter((t) => t.start < t0);
    const max = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const total = tasks.reduce((s, t) => s + t.duration, 0);
    log(`${backend} → ${used}: ${tasks.length} long tasks, longest ${max.toFixed(0)} ms, over ${(t1 - t0).toFixed(0)} ms`);
    const openingMax = opening.reduce((m, t) => Math.max(m, t.duration), 0);
    return { backend: used, requested: backend, count: tasks.length, maxMs: max, totalMs: total, windowMs: t1 - t0, firstContentfulPaintMs: fcp, tasks, openingTasks: opening, openingMaxMs: openingMax };
  } finally {
    await page.close();
  }
}

export async function run({ log, browser, root }) {
  const outDir = await mkdtemp(join(tmpdir(), 'subspace-lab-app-bench-'));
  let server;
  try {
    log('building the app with Vite (production, into a temporary folder)…');
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } });
    const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'));
    const initial = firstPaintChunks(manifest);
    const initialJs = await Promise.all(initial.map((c) => sizeOf(outDir, c.file)));
    const initialCss = await Promise.all([...new Set(initial.flatMap((c) => c.css ?? []))].map((f) => sizeOf(outDir, f)));
    const assets = (await readdir(join(outDir, 'assets'))).filter((f) => f.endsWith('.js'));
    const plotlyFile = assets.find((f) => /plotly/i.test(f));
    const workerFile = assets.find((f) => /engineWorker/i.test(f));
    const plotly = plotlyFile ? await sizeOf(outDir, `assets/${plotlyFile}`) : null;
    const worker = workerFile ? await sizeOf(outDir, `assets/${workerFile}`) : null;
    const sum = (list, k) => list.reduce((s, x) => s + x[k], 0);

    server = await preview({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    const { port } = server.httpServer.address();
    // localhost (not 127.0.0.1) so the page is a secure context and navigator.gpu exists
    const base = `http://localhost:${port}`;
    const runs = [];
    for (const backend of ['auto', 'webgpu']) runs.push(await longTasksDuringRun(browser, base, backend, log));

    const rows = [
      { what: 'first-paint JS, gzip (entry + static imports)', value: sum(initialJs, 'gzip') / KB, unit: 'KB' },
      { what: 'first-paint JS, raw', value: sum(initialJs, 'raw') / KB, unit: 'KB' },
      { what: 'first-paint CSS, gzip', value: sum(initialCss, 'gzip') / KB, unit: 'KB' },
      { what: 'plotly chunk (lazy), gzip', value: plotly ? plotly.gzip / KB : null, unit: 'KB' },
      { what: 'compute worker chunk, gzip', value: worker ? worker.gzip / KB : null, unit: 'KB' },
      ...runs.flatMap((r) => [
        { what: `first contentful paint (${r.requested} → ${r.backend})`, value: r.firstContentfulPaintMs, unit: 'ms' },
        { what: `longest task while the page opens (${r.requested} → ${r.backend})`, value: r.openingMaxMs, unit: 'ms' },
        { what: `long tasks, quick spectrum run (${r.requested} → ${r.backend})`, value: r.count, unit: 'count' },
        { what: `longest task, quick spectrum run (${r.requested} → ${r.backend})`, value: r.maxMs, unit: 'ms' },
        { what: `Run → done + plots drawn (${r.requested} → ${r.backend})`, value: r.windowMs, unit: 'ms' },
      ]),
    ];
    return {
      title: 'App: first-paint weight and main-thread long tasks',
      columns: [
        { key: 'what', label: 'what' },
        { key: 'value', label: 'value', digits: 1 },
        { key: 'unit', label: 'unit' },
      ],
      rows,
      notes: [
        'First paint loads the entry chunk and its static imports (build manifest); plotly and the compute worker load later.',
        'Long tasks (> 50 ms, PerformanceObserver "longtask") counted from pressing Run until the run is done and every plot is drawn; DESIGN.md target: none over 100 ms.',
      ],
      extra: { initialJs, initialCss, plotly, worker, runs },
    };
  } finally {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
