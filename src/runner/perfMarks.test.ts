// The page's User Timing marks: one set per run (a long session does not pile them up), and the names the app bench reads.
import { afterEach, describe, expect, it } from 'vitest';
import { PERF_MARKS, markPlotDrawn, markRunDone, markRunStart, measurePlotDraw } from './perfMarks';
// @ts-expect-error: a plain ES module of the bench, without types
import { MARK } from '../../bench/appPageRun.mjs';

const count = (name: string) => performance.getEntriesByName(name).length;

describe('perfMarks', () => {
  afterEach(() => {
    performance.clearMarks();
    performance.clearMeasures();
  });

  it('marks the first plot of each run once, and keeps one set of marks however many runs there were', () => {
    for (let run = 0; run < 3; run++) {
      markRunStart();
      markPlotDrawn();
      markPlotDrawn();
      markRunDone();
    }
    expect([count(PERF_MARKS.runStart), count(PERF_MARKS.firstPlot), count(PERF_MARKS.runDone)]).toEqual([1, 1, 1]);
    // a plot drawn outside a run (a live knob) does not move the first-plot mark
    const before = performance.getEntriesByName(PERF_MARKS.firstPlot)[0].startTime;
    markPlotDrawn();
    expect(performance.getEntriesByName(PERF_MARKS.firstPlot).map((e) => e.startTime)).toEqual([before]);
  });

  it('measures each plot draw under one name with the plot in its detail, and a run starts with none', () => {
    measurePlotDraw('before-run', 1, 2);
    markRunStart();
    const t = performance.now();
    measurePlotDraw('loss', t, t + 120, 3);
    measurePlotDraw('spectrum', t + 130, t + 140);
    const draws = performance.getEntriesByName(PERF_MARKS.plotDraw) as PerformanceMeasure[];
    expect(draws.map((d) => [d.detail.plot, Math.round(d.duration), d.detail.runWaitsAt])).toEqual([
      ['loss', 120, 3],
      ['spectrum', 10, null],
    ]);
  });

  it('keeps at most a thousand plot-draw measures on a page that never runs', () => {
    for (let i = 0; i < 1500; i++) measurePlotDraw(`p${i}`, 0, 1);
    const draws = performance.getEntriesByName(PERF_MARKS.plotDraw) as PerformanceMeasure[];
    expect(draws.length).toBe(500);
    expect(draws[0].detail.plot).toBe('p1000');
  });

  it('uses the names the app bench reads', () => {
    expect(MARK).toEqual(PERF_MARKS);
  });
});
