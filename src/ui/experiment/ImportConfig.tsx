// Import a config (or run) JSON: validated against the experiment's fields, warnings shown, then ready to Run.
import { memo, useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { MAX_IMPORT_BYTES } from '../../experiments/framework/exporters';
import { importConfigText } from '../../experiments/framework/importConfig';
import { getExperiment } from '../../experiments/registry';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { commitPage } from './pageLink';

type ImportResult = { ok: true; message: string; warnings: string[] } | { ok: false; message: string };

export const ImportConfig = memo(function ImportConfig({ meta }: { meta: ExperimentMeta<Fields> }) {
  const store = useLabStoreApi();
  const busy = useLab((s) => s.run.status === 'running' || s.run.status === 'paused');
  const [result, setResult] = useState<ImportResult | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    // the size is checked before the text is read, so a huge file is refused without loading it
    const text = file.size > MAX_IMPORT_BYTES ? '' : await file.text().catch(() => null);
    const outcome = text === null ? { ok: false as const, message: 'The file could not be read.' } : importConfigText(text, file.size, (id) => getExperiment(id)?.fields, meta.id);
    if (!outcome.ok) {
      setResult({ ok: false, message: outcome.message });
      return;
    }
    const target = getExperiment(outcome.experiment)!;
    commitPage(store, target.id, target.fields, outcome.config);
    const other = target.id !== meta.id ? ` (this file is for “${target.title}”, which is now open)` : '';
    setResult({ ok: true, message: `Loaded “${file.name.slice(0, 80)}”${other}. Press Run to reproduce the run.`, warnings: outcome.warnings });
  };

  return (
    <section className="import" aria-label="Import a config">
      <h2>Import</h2>
      <label className="file-label">
        Config or run file (JSON)
        <input
          type="file"
          accept=".json,application/json"
          disabled={busy}
          data-testid="import-config"
          onChange={(e) => {
            void onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
      {result && !result.ok && (
        <p role="alert" className="param-error" data-testid="import-error">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <div role="status" data-testid="import-status">
          <p>{result.message}</p>
          {result.warnings.length > 0 && (
            <ul className="import-warnings" data-testid="import-warnings">
              {result.warnings.slice(0, 12).map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
});
