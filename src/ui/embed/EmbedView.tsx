// Embed mode (`embed=1`): one plot and its run button for an iframe in a course page; no header, gallery, card or knobs.
import { useShallow } from 'zustand/react/shallow';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { RunControls } from '../experiment/RunControls';
import { LivePlots } from '../experiment/LivePlots';
import { shareUrl } from '../experiment/shareLink';

type Props = {
  meta: ExperimentMeta<Fields>;
  config: Record<string, unknown>;
  /** The config the plot is drawn with (see LivePlots). */
  plotConfig: Record<string, unknown> | null;
  stale: boolean;
  onRun(): void;
};

export function EmbedView({ meta, config, plotConfig, stale, onRun }: Props) {
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
      <LivePlots meta={meta} plotConfig={plotConfig} onRun={onRun} embed />
    </article>
  );
}
