// The results area: every plot, or one at a time in classroom mode.
import type { PlotSpec } from '../../experiments/framework/types';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { PlotlyPlot } from '../plots/PlotlyPlot';

export function PlotGrid({ plots, onRun }: { plots: PlotSpec[]; onRun(): void }) {
  const classroom = useLab((s) => s.page.classroom);
  const index = useLab((s) => s.page.plotIndex);
  const prefix = useLab((s) => s.page.id ?? 'plot');
  const store = useLabStoreApi();
  if (plots.length === 0) {
    return (
      <div className="plots-empty" data-testid="plots-empty">
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
        <PlotlyPlot key={plots[i].id} spec={plots[i]} height={520} filePrefix={prefix} />
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
        <PlotlyPlot key={p.id} spec={p} filePrefix={prefix} />
      ))}
    </div>
  );
}
