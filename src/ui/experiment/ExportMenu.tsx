// Export the run: metrics as CSV, the whole run as JSON, and the config as JSON (importable to reproduce it).
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { configToJson, exportFileName, historyToCsv, runToJson } from '../../experiments/framework/exporters';
import { encodeHash } from '../../url/codec';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { downloadText } from '../download';
import { version as appVersion } from '../../../package.json';

export const ExportMenu = memo(function ExportMenu({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  // the history is read when a button is pressed: subscribing to it would re-render this panel on every progress batch
  const store = useLabStoreApi();
  const run = useLab(useShallow((s) => ({ hasHistory: s.run.history.length > 0, config: s.run.config, experimentId: s.run.experimentId, status: s.run.status })));
  const engine = useLab(useShallow((s) => ({ backend: s.engine.backend, device: s.engine.device })));
  const hasRun = run.experimentId === meta.id && run.hasHistory && run.config !== null;
  const runConfig = hasRun && run.config ? run.config : config;
  const device = engine.device ? `${engine.device.vendor} ${engine.device.architecture}${engine.device.fallback ? ' (software)' : ''}` : null;

  const exportCsv = () => downloadText(exportFileName(meta.id, 'metrics', runConfig, 'csv'), historyToCsv(store.getState().run.history), 'text/csv');
  const exportRun = () =>
    downloadText(
      exportFileName(meta.id, 'run', runConfig, 'json'),
      runToJson({
        experiment: meta.id,
        config: runConfig,
        history: store.getState().run.history,
        backend: engine.backend,
        device,
        appVersion,
        status: run.status,
        link: encodeHash(meta.id, meta.fields, runConfig),
      }),
      'application/json',
    );
  const exportConfig = () =>
    downloadText(
      exportFileName(meta.id, 'config', config, 'json'),
      configToJson({ experiment: meta.id, config, appVersion, link: encodeHash(meta.id, meta.fields, config) }),
      'application/json',
    );

  return (
    <section className="export" aria-label="Export">
      <h2>Export</h2>
      <div className="export-buttons">
        <button type="button" className="secondary" onClick={exportCsv} disabled={!hasRun} data-testid="export-csv" title="One row per streamed step; single-number metrics as columns">
          Metrics (CSV)
        </button>
        <button type="button" className="secondary" onClick={exportRun} disabled={!hasRun} data-testid="export-run" title="Every step with all metrics, the config, the backend and versions">
          Run (JSON)
        </button>
        <button type="button" className="secondary" onClick={exportConfig} data-testid="export-config" title="The settings in the panel; import it to reproduce the run">
          Config (JSON)
        </button>
      </div>
      {!hasRun && <p className="param-help">Run the experiment to export its metrics.</p>}
    </section>
  );
});
