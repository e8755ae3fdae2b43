// Embed mode (`embed=1`): one plot and its run button for an iframe in a course page; no header, gallery, card or knobs.
import { useShallow } from 'zustand/react/shallow';
import type { ExperimentMeta, PlotSpec } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { RunControls } from '../experiment/RunControls';
import { PlotStage } from '../experiment/PlotStage';
import { shareUrl } from '../experiment/shareLink';

type Props = {
  meta: ExperimentMeta<Fields>;
  config: Record<string, unknown>;
  /** The one plot to show (empty before the first run). */
  plots: PlotSpec[];
  /** Set when the link's plot= names a plot the page does not draw. */
  notice: string | null;
  stale: boolean;
};

export function EmbedView({ meta, config, plots, notice, stale }: Props) {
  const store = useLabStoreApi();
  const warnings = useLab((s) => s.page.warnings);
  const engine = useLab(useShallow((s) => ({ backend: s.engine.backend, reason: s.engine.reason, status: s.engine.status })));
  const backend = engine.status !== 'ready' ? 'starting…' : engine.backend === 'webgpu' ? 'WebGPU' : 'CPU (float64)';
  // the whole page, with every knob, in a new tab: an embed never navigates its host page
  const fullPage = shareUrl(meta, config, {});
  return (
    <article className="experiment embed" data-testid="experiment-page" data-experiment={meta.id} data-embed="true">
      <header className="embed-head">
        <a href={fullPage} target="_blank" rel="noopener noreferrer" className="embed-title" data-testid="embed-open">
          {meta.title} <span className="sr-only">(opens Subspace Lab in a new tab)</span>
        </a>
        <span className="embed-backend" data-testid="backend-status" data-backend={engine.backend ?? ''} data-status={engine.status} title={engine.reason}>
          computed on this device · {backend}
        </span>
      </header>
      {warnings.length > 0 && (
        <div className="banner banner-warning" role="alert" data-testid="link-warnings">
          {warnings.slice(0, 4).join(' ')}{' '}
          <button type="button" className="secondary small" onClick={() => store.getState().dismissWarnings()}>
            Dismiss
          </button>
        </div>
      )}
      <RunControls stale={stale} />
      {notice && (
        <p className="banner banner-warning" role="status" data-testid="plot-notice">
          {notice}
        </p>
      )}
      {plots.length > 0 ? (
        <div className="plots plots-one" data-testid="plots">
          <PlotStage spec={plots[0]} fallbackHeight={320} filePrefix={meta.id} data-testid="plot-stage" />
        </div>
      ) : (
        <div className="plots-empty embed-empty" data-testid="plots-empty">
          <p>Press Run to compute this plot on your device.</p>
        </div>
      )}
    </article>
  );
}
