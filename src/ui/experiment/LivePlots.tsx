// The plots of the page's run, rebuilt from the streamed history; the only part of the page that re-renders per progress batch.
import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExperimentMeta, PlotSpec } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab } from '../../store/hooks';
import { stablePlots } from '../plots/stablePlots';
import { plotsRendered } from '../plots/drawQueue';
import { bundleFor } from '../plots/loadPlotly';
import { PlotGrid } from './PlotGrid';
import { PlotStage } from './PlotStage';
import { selectPlots } from './plotSelection';
import { useClassroomKeys } from '../classroom/useClassroomKeys';

/** A plot's id and title: what the tour and the embed-link box need, which changes once per run, not per batch. */
export type PlotListEntry = { id: string; title: string };

type Props = {
  meta: ExperimentMeta<Fields>;
  /** The config the plots are drawn with (the run's, with the page's live fields), or null before one is known. */
  plotConfig: Record<string, unknown> | null;
  onRun(): void;
  /** Called with the page's plots whenever their ids or titles change (not on every batch). */
  onPlotList?(plots: PlotListEntry[]): void;
  /** Embed mode: exactly one plot, sized to the iframe. */
  embed?: boolean;
};

/**
 * Subscribes to the run's history (nothing else on the page does), builds the plot specs with `meta.plots`, keeps
 * an unchanged plot's spec object (so a progress batch redraws only the plots whose data changed), and shows the
 * plots the link selects (`plot=`, embed mode).
 */
export function LivePlots({ meta, plotConfig, onRun, onPlotList, embed = false }: Props) {
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
  const view = useLab(useShallow((s) => ({ plot: s.page.plot, classroom: s.page.classroom && s.page.id === meta.id, runActive: s.run.status === 'running' || s.run.status === 'paused' })));
  const selection = useMemo(() => selectPlots(plots, view.plot, embed), [plots, view.plot, embed]);
  // the classroom keys step through the plots, so they live where the plots are counted
  useClassroomKeys(view.classroom && !embed, selection.shown.length);

  // after the plots' own effects: the draws this history calls for are queued (a run's acknowledgement waits for them)
  useEffect(() => plotsRendered(), [history]);

  const listKey = plots.map((p) => `${p.id}\u0000${p.title}`).join('\u0001');
  useEffect(() => {
    onPlotList?.(plots.map((p) => ({ id: p.id, title: p.title })));
    // only when the list itself changes: a batch that redraws the same plots does not re-render the page
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listKey, onPlotList]);

  const notice = selection.notice && (
    <p className="banner banner-warning" role="status" data-testid="plot-notice">
      {selection.notice}
    </p>
  );
  if (embed) {
    const spec = selection.shown[0];
    return (
      <>
        {notice}
        {spec ? (
          <div className="plots plots-one" data-testid="plots">
            <PlotStage spec={spec} bundle={meta.plots3d ? '3d' : bundleFor(spec)} throttle={view.runActive} fallbackHeight={320} filePrefix={meta.id} data-testid="plot-stage" />
          </div>
        ) : (
          <div className="plots-empty embed-empty" data-testid="plots-empty">
            <p>Press Run to compute this plot on your device.</p>
          </div>
        )}
      </>
    );
  }
  return (
    <>
      {notice}
      <PlotGrid plots={selection.shown} plots3d={!!meta.plots3d} sceneFrame={plotConfig && meta.sceneFrame ? meta.sceneFrame(plotConfig as never) : null} onRun={onRun} />
    </>
  );
}
