// The results area: every plot, or one at a time in classroom mode (keys, buttons, or tap and swipe on the plot).
import { useEffect } from 'react';
import type { PlotSpec } from '../../experiments/framework/types';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { PlotlyPlot } from '../plots/PlotlyPlot';
import { bundleFor, loadPlotly, type PlotlyBundle } from '../plots/loadPlotly';
import { PlotStage } from './PlotStage';
import { useClassroomTouch } from '../classroom/useClassroomTouch';

/** `plots3d`: the page draws 3-D (ExperimentMeta.plots3d), so every plot uses plotly's full bundle. */
export function PlotGrid({ plots, plots3d = false, onRun }: { plots: PlotSpec[]; plots3d?: boolean; onRun(): void }) {
  const pageBundle: PlotlyBundle = plots3d ? '3d' : '2d';
  const bundleOf = (spec: PlotSpec): PlotlyBundle => (plots3d ? '3d' : bundleFor(spec));
  const classroom = useLab((s) => s.page.classroom);
  const index = useLab((s) => s.page.plotIndex);
  const prefix = useLab((s) => s.page.id ?? 'plot');
  const store = useLabStoreApi();
  const runActive = useLab((s) => s.run.status === 'running' || s.run.status === 'paused');
  const touch = useClassroomTouch(classroom, plots.length);
  // fetch and evaluate plotly while the worker computes, not after the first results arrive
  useEffect(() => {
    // Plotly is one large module whose evaluation blocks the main thread: load it while the page
    // is idle (before the user presses Run), or at the latest when a run starts.
    const load = () => void loadPlotly(pageBundle).catch(() => undefined);
    if (runActive) load();
    else {
      const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
      const handle = idle ? idle(load, { timeout: 4000 }) : setTimeout(load, 1500);
      return () => {
        const cancel = (globalThis as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback;
        if (idle && cancel) cancel(handle as number);
        else clearTimeout(handle as ReturnType<typeof setTimeout>);
      };
    }
  }, [runActive, pageBundle]);
  if (plots.length === 0) {
    return (
      <div className="plots-empty" data-testid="plots-empty" {...(classroom ? touch : {})}>
        <p>No results yet.</p>
        <button type="button" onClick={onRun}>
          Run
        </button>
      </div>
    );
  }
  if (classroom) {
    const i = Math.min(index, plots.length - 1);
    return (
      <div className="plots plots-one" data-testid="plots" data-plot-index={i}>
        <PlotStage spec={plots[i]} bundle={bundleOf(plots[i])} throttle={runActive} fallbackHeight={520} filePrefix={prefix} data-testid="plot-stage" {...touch} />
        <div className="plot-nav">
          <button type="button" className="secondary" disabled={i === 0} onClick={() => store.getState().setPlotIndex(i - 1)} data-testid="plot-prev">
            ← Previous plot
          </button>
          <span data-testid="plot-position" aria-live="polite">
            Plot {i + 1} of {plots.length}
          </span>
          <button type="button" className="secondary" disabled={i >= plots.length - 1} onClick={() => store.getState().setPlotIndex(i + 1)} data-testid="plot-next">
            Next plot →
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="plots" data-testid="plots">
      {plots.map((p) => (
        <PlotlyPlot key={p.id} spec={p} bundle={bundleOf(p)} throttle={runActive} filePrefix={prefix} />
      ))}
    </div>
  );
}
