// "Your data": upload a CSV (parsed, stored in IndexedDB by content hash) and point the page's `dataset` at it.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { checkCsvBytes, CSV_LIMITS, CsvError, parseCsv, type CsvOptions } from '../../data/csv';
import { listUserMatrices, readUserMatrix, StorageFullError, storeUserMatrix } from '../../data/userData';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { commitPage } from './pageLink';

type LabelColumn = NonNullable<CsvOptions['labelColumn']>;
type StoredSummary = Awaited<ReturnType<typeof listUserMatrices>>[number];

/** True when the experiment takes uploaded data: a `dataset` text field. */
export function acceptsUploads(meta: ExperimentMeta<Fields>): boolean {
  return meta.fields.dataset?.kind === 'text';
}

/** The config pointing at a stored dataset, with `source` switched to 'upload' where that choice exists. */
function withDataset(meta: ExperimentMeta<Fields>, config: Record<string, unknown>, ref: string): Record<string, unknown> {
  const source = meta.fields.source;
  const canUpload = source?.kind === 'choice' && source.options.some((o) => o.value === 'upload');
  return { ...config, dataset: ref, ...(canUpload ? { source: 'upload' } : {}) };
}

export const DataUpload = memo(function DataUpload({ meta }: { meta: ExperimentMeta<Fields> }) {
  const store = useLabStoreApi();
  const busy = useLab((s) => s.run.status === 'running' || s.run.status === 'paused');
  const current = useLab((s) => s.page.config.dataset);
  const [labelColumn, setLabelColumn] = useState<LabelColumn>('none');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [stored, setStored] = useState<StoredSummary[]>([]);
  const [pick, setPick] = useState('');
  const lastFile = useRef<File | null>(null);

  const refresh = useCallback(() => {
    listUserMatrices().then(setStored, () => setStored([]));
  }, []);
  useEffect(refresh, [refresh]);

  const use = (ref: string) => commitPage(store, meta.id, meta.fields, withDataset(meta, store.getState().page.config, ref));

  const load = async (file: File, label: LabelColumn) => {
    setStatus({ ok: true, text: `Reading “${file.name.slice(0, 80)}”…` });
    try {
      checkCsvBytes(file.size);
      const parsed = parseCsv(await file.text(), { labelColumn: label });
      const ref = await storeUserMatrix(parsed, file.name);
      use(ref);
      refresh();
      const labels = parsed.labels ? `, with ${new Set(parsed.labels).size} label values` : '';
      setStatus({ ok: true, text: `Stored “${file.name.slice(0, 80)}”: ${parsed.rows} × ${parsed.cols}${labels}. Press Run to use it.` });
    } catch (e) {
      setStatus({ ok: false, text: e instanceof CsvError || e instanceof StorageFullError ? e.message : `The file could not be stored: ${(e as Error).message}` });
    }
  };

  return (
    <section className="data-upload" aria-label="Your data" data-testid="data-upload">
      <h2>Your data</h2>
      <label className="file-label">
        CSV file (rows are samples; numbers only, an optional header)
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          disabled={busy}
          data-testid="csv-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            lastFile.current = f;
            void load(f, labelColumn);
          }}
        />
      </label>
      <label className="file-label">
        Label column
        <select
          value={labelColumn}
          data-testid="csv-label-column"
          onChange={(e) => {
            const v = e.target.value as LabelColumn;
            setLabelColumn(v);
            if (lastFile.current) void load(lastFile.current, v);
          }}
        >
          <option value="none">none</option>
          <option value="first">first column</option>
          <option value="last">last column</option>
        </select>
      </label>
      <p className="param-help">
        Up to {CSV_LIMITS.maxBytes / 2 ** 20} MB, {CSV_LIMITS.maxRows.toLocaleString('en')} rows, {CSV_LIMITS.maxCols.toLocaleString('en')} columns and{' '}
        {CSV_LIMITS.maxCells.toLocaleString('en')} numbers. The file stays in this browser; links
        refer to it by a hash of its numbers.
      </p>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'upload-ok' : 'param-error'} data-testid={status.ok ? 'upload-status' : 'upload-error'}>
          {status.text}
        </p>
      )}
      {stored.length > 0 && (
        <div className="stored-datasets">
          <label className="file-label">
            Stored datasets
            <select value={pick} onChange={(e) => setPick(e.target.value)} data-testid="stored-datasets">
              <option value="">choose one…</option>
              {stored.map((d) => (
                <option key={d.ref} value={d.ref}>
                  {d.name} ({d.rows} × {d.cols}{d.labels ? ', labeled' : ''}){d.ref === current ? ' — in use' : ''}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" disabled={!pick || busy} onClick={() => use(pick)} data-testid="use-stored-dataset">
            Use
          </button>
        </div>
      )}
    </section>
  );
});

/** Says so when the config refers to an uploaded dataset this browser does not have (e.g. a shared link). */
export function MissingDatasetBanner({ meta, config }: { meta: ExperimentMeta<Fields>; config: Record<string, unknown> }) {
  const field = meta.fields.dataset;
  const ref = typeof config.dataset === 'string' ? config.dataset : '';
  const relevant = acceptsUploads(meta) && ref.startsWith('user:') && (!field?.visibleWhen || field.visibleWhen(config));
  const [missing, setMissing] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    if (!relevant) {
      setMissing(null);
      return;
    }
    readUserMatrix(ref).then(
      (m) => alive && setMissing(m ? null : ref),
      (e: Error) => alive && setMissing(`${ref} (${e.message})`),
    );
    return () => {
      alive = false;
    };
  }, [ref, relevant]);
  if (!relevant || !missing) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="dataset-missing">
      This link uses an uploaded dataset ({missing.slice(0, 80)}) that is not stored in this browser. Upload the same CSV file under “Your data” (the same
      numbers give the same reference), or pick another matrix.
    </div>
  );
}
