// A run's plots draw while its worker waits for the page, not while it computes its next step: the run's first
// report, and each report after a slow step, is acknowledged once the page has rendered it and drawn what changed.
import { test, expect, engineReady, plotlyWarmedUp } from './fixtures';
import PERF_MARK_NAMES from '../src/runner/perfMarkNames.json' with { type: 'json' };

const QUICK = 'subspaces=3&dim=3&ambient=15&perSubspace=25&methods=kmeans,ssc,lsr,spectral,dsc,mlc&admmIterations=60&restarts=5&kssDim=3&dscPretrainEpochs=100&dscLatent=8&mlcSteps=60';

type Draw = { plot: string; runWaitsAt: number | null; start: number };

test('a run’s first plot, shown after a quiet spell, is drawn while its worker waits for it, on cpu and webgpu', async ({ page, pageErrors }) => {
  void pageErrors;
  for (const backend of ['cpu', 'webgpu'] as const) {
    // the first report shows the data's scatter; the next comes after a whole clustering method
    await page.goto(`/?backend=${backend}#/subspace-clustering?${QUICK}&seed=1&v=1`);
    expect(await engineReady(page)).toBe(backend);
    // plotly is loaded and warmed up before Run, as a reader's page is by the time they press it
    await plotlyWarmedUp(page);
    await page.getByTestId('run').click();
    await expect(page.getByTestId('run-controls')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    const { draws, runStart, runDone } = await page.evaluate((m) => ({
      draws: (performance.getEntriesByName(m.plotDraw) as PerformanceMeasure[]).map((d) => ({ plot: d.detail.plot, runWaitsAt: d.detail.runWaitsAt, start: d.startTime })),
      runStart: performance.getEntriesByName(m.runStart)[0]?.startTime ?? NaN,
      runDone: performance.getEntriesByName(m.runDone)[0]?.startTime ?? NaN,
    }), PERF_MARK_NAMES) as { draws: Draw[]; runStart: number; runDone: number };
    const during = draws.filter((d) => d.start > runStart && d.start < runDone);
    expect(during.length, `${backend}: plots drew during the run`).toBeGreaterThan(0);
    // the first report's plot draws in the render that shows it, while the worker waits at that report (step 1),
    // not later, at another report or while the next step computes
    expect(during[0], `${backend}: the run's first draw`).toMatchObject({ plot: 'scatter', runWaitsAt: 1 });
    console.log(`${backend}: ${during.filter((d) => d.runWaitsAt !== null).length} of ${during.length} draws during the run made while it waited`);
  }
});
