// The results area: every plot, or one at a time in classroom mode (keys, buttons, or tap and swipe on the plot).
import { useState } from 'react';
import type { PlotSpec } from '../../experiments/framework/types';
import type { SceneFrame } from '../../experiments/framework/sceneFrame';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { PlotlyPlot } from '../plots/PlotlyPlot';
import { bundleFor, type PlotlyBundle } from '../plots/loadPlotly';
import { usePlotlyWarmup } from '../plots/usePlotlyWarmup';
import { PlotStage } from './PlotStage';
import { useClassroomTouch } from '../classroom/useClassroomTouch';
import { pipelinesPending, warmupWantedFrom } from '../../runner/pageWarmup';

/**
 * `plots3d`: the page draws 3-D (ExperimentMeta.plots3d), so every plot uses plotly's full bundle; `sceneFrame`: the
 * box its 3-D plots draw in for the config now (ExperimentMeta.sceneFrame), where the scene prepared before Run is made.
 */
export function PlotGrid({ plots, plots3d = false, sceneFrame = null, onRun }: { plots: PlotSpec[]; plots3d?: boolean; sceneFrame?: SceneFrame | null; onRun(): void }) {
  const pageBundle: PlotlyBundle = plots3d ? '3d' : '2d';
  const bundleOf = (spec: PlotSpec): PlotlyBundle => (plots3d ? '3d' : bundleFor(spec));
  const classroom = useLab((s) => s.page.classroom);
  const index = useLab((s) => s.page.plotIndex);
  const prefix = useLab((s) => s.page.id ?? 'plot');
  const store = useLabStoreApi();
  const runActive = useLab((s) => s.run.status === 'running' || s.run.status === 'paused');
  const touch = useClassroomTouch(classroom, plots.length);
  // the URL's ?warm= is read once, not on every store change (a run changes the store on every progress batch)
  const [warmWanted] = useState(() => warmupWantedFrom(location.search));
  const compiling = useLab((s) => pipelinesPending(s, warmWanted));
  usePlotlyWarmup(pageBundle, plots3d, runActive, plots.length === 0, compiling, sceneFrame);
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
