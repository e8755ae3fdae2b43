// The plots of the page's run, rebuilt from the streamed history; the only part of the page that re-renders per progress batch.
import { useMemo, useRef } from 'react';
import type { ExperimentMeta, PlotSpec } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab } from '../../store/hooks';
import { stablePlots } from '../plots/stablePlots';
import { PlotGrid } from './PlotGrid';
import { useClassroomKeys } from '../classroom/useClassroomKeys';

/**
 * Subscribes to the run's history (nothing else on the page does), builds the plot specs with `meta.plots` and keeps
 * an unchanged plot's spec object, so a progress batch redraws only the plots whose data changed.
 * @param plotConfig the config the plots are drawn with (the run's, with the page's live fields), or null before one is known
 */
export function LivePlots({ meta, plotConfig, onRun }: { meta: ExperimentMeta<Fields>; plotConfig: Record<string, unknown> | null; onRun(): void }) {
  const history = useLab((s) => (s.run.experimentId === meta.id ? s.run.history : null));
  const shown = useRef<PlotSpec[]>([]);
  const plots = useMemo(() => {
    let built: PlotSpec[] = [];
    if (plotConfig && history && history.length > 0) {
      try {
        built = meta.plots(history, plotConfig as never);
      } catch (e) {
        console.error(e);
      }
    }
    shown.current = stablePlots(shown.current, built);
    return shown.current;
  }, [meta, history, plotConfig]);
  const classroom = useLab((s) => s.page.classroom && s.page.id === meta.id);
  // the classroom keys step through the plots, so they live where the plots are counted
  useClassroomKeys(classroom, plots.length);
  return <PlotGrid plots={plots} plots3d={!!meta.plots3d} onRun={onRun} />;
}
