// One page, one backend, as a person meets it: open the link, wait while plotly loads idle, press the quick preset and Run; main-thread long tasks and the page's marks.
//
// Used by appBench.node.mjs. Long tasks come from a PerformanceObserver ('longtask', > 50 ms) installed before the
// page's own scripts; the page's User Timing marks (src/runner/perfMarks.ts) say when plotly was evaluated, when
// the run started, when the first plot was drawn and when the outcome arrived.

import PERF_MARK_NAMES from '../src/runner/perfMarkNames.json' with { type: 'json' };

/** The page's mark names (src/runner/perfMarks.ts sets them from the same JSON). */
export const MARK = PERF_MARK_NAMES;

const overlaps = (t, a, b) => a !== null && b !== null && t.start < b && t.start + t.duration > a;
const longest = (tasks) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);

/**
 * Opens `#/<id>` on `backend`, waits for the idle plotly load, picks the quick preset, runs it and waits until it is
 * done and every plot is drawn.
 * @returns {Promise<object>} longest task and count over 50 ms while opening and while running, plotly's own
 *   and React's evaluation tasks apart, time to first plot and to done (ms from pressing Run), the chunks the page fetched.
 */
export async function measurePage(browser, base, id, backend, log) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const scripts = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  try {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // the frames those tasks fall in, with the scripts that ran in them: what a task over 100 ms was
      window.__longFrames = [];
      new PerformanceObserver((list) => {
        for (const f of list.getEntries()) {
          if (f.blockingDuration < 50) continue;
          const scripts = f.scripts.map((x) => ({ start: x.startTime, duration: x.duration, what: scriptName(x) }));
          window.__longFrames.push({ start: f.startTime, duration: f.duration, scripts });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
      function scriptName(x) {
        const file = x.sourceURL ? x.sourceURL.split('/').pop().replace(/-[\w-]{8}\.js$/, '.js') : '';
        return [x.invokerType, x.invoker, x.sourceFunctionName && `${x.sourceFunctionName}()`, file].filter(Boolean).join(' ');
      }
    });
    await page.goto(`${base}/?backend=${backend}#/${id}`);
    const status = page.locator('[data-testid="backend-status"][data-status="ready"]');
    await status.waitFor({ timeout: 120_000 });
    const used = await status.getAttribute('data-backend');
    await page.getByTestId('experiment-page').waitFor({ timeout: 60_000 });
    const waitForMark = (names, timeout, missing) =>
      page
        .waitForFunction((ns) => ns.some((n) => performance.getEntriesByName(n).length > 0), names, { timeout, polling: 100 })
        .catch(() => log(`${id}/${backend}: ${missing}`));
    // a reader spends a few seconds on the card before pressing Run: plotly loads in that idle time
    await waitForMark([MARK.plotlyReady, MARK.plotly3dReady], 60_000, 'plotly did not load before Run');
    // …then draws a few figures off screen, so that a run's first plots do not pay for compiling plotly's drawing code (src/ui/plots/plotlyWarmup.ts)
    await waitForMark([MARK.plotlyWarmedUp], 60_000, "plotly's warm-up draws did not finish before Run");
    // …and a page with 3-D plots prepares its 3-D scene in a later idle moment (src/ui/plots/prepared3dScene.ts)
    const has3d = await page.evaluate((name) => performance.getEntriesByName(name).length > 0, MARK.plotly3dReady);
    if (has3d) await waitForMark([MARK.scene3dReady], 60_000, 'no 3-D scene was prepared before Run');
    // …and on webgpu the page compiles its pipelines in the worker while the reader reads (src/runner/pageWarmup.ts):
    // SwiftShader compiles them on this machine's CPU cores, so a click during that compile competes with it for a core
    if (used === 'webgpu') await waitForMark([MARK.pipelinesWarm], 120_000, "the page's pipelines were not compiled before Run");
    await page.getByTestId('preset-quick').click();
    await page.waitForTimeout(300);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('run').click();
    await page.locator('[data-testid="run-controls"]:is([data-status="done"],[data-status="failed"],[data-status="diverged"])').waitFor({ timeout: 600_000 });
    const outcome = await page.getByTestId('run-controls').getAttribute('data-status');
    await page.waitForFunction(() => {
      const figs = document.querySelectorAll('figure.plot');
      return figs.length > 0 && Array.from(figs).every((f) => f.getAttribute('data-rendered') === 'true');
    }, undefined, { timeout: 120_000, polling: 50 });
    const tDone = await page.evaluate(() => performance.now());
    // let the last draw's task finish and reach the observer
    await page.waitForTimeout(200);
    const t1 = await page.evaluate(() => performance.now());
    const facts = await page.evaluate((m) => {
      const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? null;
      return {
        tasks: window.__longTasks,
        frames: window.__longFrames ?? [],
        marks: Object.fromEntries(Object.entries(m).map(([k, name]) => [k, at(name)])),
        // every preparation (one before Run, another once a run has taken the first), as [start, end]
        warmupSpans: performance.getEntriesByName(m.plotlyWarmupStart).map((s, i) => [s.startTime, performance.getEntriesByName(m.plotlyWarmupEnd)[i]?.startTime ?? null]),
        sceneSpans: performance.getEntriesByName(m.scene3dStart).map((s, i) => [s.startTime, performance.getEntriesByName(m.scene3dReady)[i]?.startTime ?? null]),
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        // which plot each draw was, and the step a run waited at while it drew (src/runner/perfMarks.ts: measurePlotDraw)
        draws: performance.getEntriesByName(m.plotDraw).map((d) => ({ start: d.startTime, end: d.startTime + d.duration, plot: d.detail?.plot ?? '?', runWaitsAt: d.detail?.runWaitsAt ?? null })),
        plots: document.querySelectorAll('figure.plot').length,
      };
    }, MARK);
    const { tasks, marks } = facts;
    // React's one-time evaluation (a task that starts between the libraries' load start and ready marks, main.tsx; the
    // entry's own task, which sets the first mark, is not one) is reported on its own line: the page's first task,
    // before there is anything on screen to answer
    const isLibrariesEval = (t) => marks.librariesLoadStart !== null && marks.librariesReady !== null && t.start >= marks.librariesLoadStart && t.start < marks.librariesReady;
    const librariesEval = tasks.filter(isLibrariesEval);
    // plotly's one-time evaluation (the task(s) between its load start and ready marks) is reported on its own line
    const isPlotlyEval = (t) => overlaps(t, marks.plotlyLoadStart, marks.plotlyReady) || overlaps(t, marks.plotly3dLoadStart, marks.plotly3dReady);
    const plotlyEval = tasks.filter(isPlotlyEval);
    // so is the idle-time preparation of a 3-D scene (its WebGL context, shader programs and first frame)
    const isSceneWarmup = (t) => facts.sceneSpans.some(([a, b]) => overlaps(t, a, b));
    const sceneWarmup = tasks.filter((t) => isSceneWarmup(t) && !isPlotlyEval(t));
    // plotly's warm-up draws (the first run of its drawing code, off screen, in idle moments before Run) count with
    // the opening like any other task; their longest also has a column of its own
    const isPlotlyWarmup = (t) => facts.warmupSpans.some(([a, b]) => overlaps(t, a, b));
    const plotlyWarmup = tasks.filter((t) => isPlotlyWarmup(t) && !isPlotlyEval(t) && !isSceneWarmup(t));
    const apart = (t) => isLibrariesEval(t) || isPlotlyEval(t) || isSceneWarmup(t);
    const opening = tasks.filter((t) => t.start < t0 && !apart(t));
    const running = tasks.filter((t) => t.start >= t0 && t.start <= t1 && !apart(t));
    const rel = (v) => (v === null ? null : v - t0);
    // the plots drawn while the run ran (from Run to its run-done mark; the draws of its last report come after it), and
    // those of them drawn while its worker computed rather than waited (drawQueue)
    const runEnd = marks.runDone ?? t1;
    const runDraws = facts.draws.filter((d) => d.start >= t0 && d.start < runEnd);
    // each task over 100 ms, in the order they ran, with the scripts of the frame(s) it fell in (Long Animation Frames)
    // and the plots drawn in it
    const over100 = [...opening.map((t) => ['open', t]), ...running.map((t) => ['run', t])]
      .filter(([, t]) => t.duration > 100)
      .map(([phase, t]) => ({
        phase,
        start: Math.round(t.start),
        duration: Math.round(t.duration),
        scripts: facts.frames
          .filter((f) => f.start < t.start + t.duration && f.start + f.duration > t.start)
          .flatMap((f) => f.scripts.filter((x) => x.duration >= 5).map((x) => `${x.what} ${Math.round(x.duration)} ms`)),
        plots: facts.draws.filter((d) => d.start < t.start + t.duration && d.end > t.start).map((d) => `${d.plot} ${Math.round(d.end - d.start)} ms`),
      }));
    const row = {
      page: id,
      requested: backend,
      backend: used,
      outcome,
      plots: facts.plots,
      openMaxMs: longest(opening),
      openOver50: opening.length,
      runMaxMs: longest(running),
      runOver50: running.length,
      librariesEvalMs: longest(librariesEval),
      plotlyEvalMs: longest(plotlyEval),
      plotlyWarmupMs: longest(plotlyWarmup),
      plotlyWarmups: facts.warmupSpans.length,
      scene3dWarmupMs: has3d ? longest(sceneWarmup) : null,
      scene3dWarmups: facts.sceneSpans.length,
      firstPlotMs: rel(marks.firstPlot),
      runDraws: runDraws.length,
      runDrawsComputing: runDraws.filter((d) => d.runWaitsAt === null).length,
      runEndMs: rel(marks.runDone),
      doneMs: tDone - t0,
      firstContentfulPaintMs: facts.fcp,
      // when the page's pipelines were compiled (webgpu), ms after navigation
      pipelinesWarmAtMs: marks.pipelinesWarm,
      plotChunks: [...new Set(scripts.filter((s) => /plotly/i.test(s)))],
      openTasks: opening,
      runTasks: running,
      over100,
    };
    log(`${id} ${backend}→${used}: ${outcome}; run: longest ${row.runMaxMs.toFixed(0)} ms, ${row.runOver50} over 50 ms; open: longest ${row.openMaxMs.toFixed(0)} ms; React eval ${row.librariesEvalMs.toFixed(0)} ms; plotly eval ${row.plotlyEvalMs.toFixed(0)} ms, warm-up draws ${row.plotlyWarmupMs.toFixed(0)} ms${has3d ? `; 3-D scene warm-up ${row.scene3dWarmupMs.toFixed(0)} ms` : ''}; first plot ${row.firstPlotMs?.toFixed(0)} ms, done ${row.doneMs.toFixed(0)} ms; ${row.runDrawsComputing} of ${row.runDraws} draws during the run made while it computed`);
    return row;
  } finally {
    await page.close();
  }
}
