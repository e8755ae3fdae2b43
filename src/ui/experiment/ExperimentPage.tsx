// One experiment: its card, knobs, run controls and live plots; the URL always holds its config.
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getExperiment } from '../../experiments/registry';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { decodeQuery } from '../../url/codec';
import { useLab, useLabStoreApi, useRunner } from '../../store/hooks';
import { ExperimentPlaceholder } from '../ExperimentPlaceholder';
import { ParameterPanel } from './ParameterPanel';
import { RunControls } from './RunControls';
import { LivePlots } from './LivePlots';
import { MarkdownLite } from './MarkdownLite';
import { PresetBar } from './PresetBar';
import { LinkBar } from './LinkBar';
import { ExportMenu } from './ExportMenu';
import { ImportConfig } from './ImportConfig';
import { DataUpload, MissingDatasetBanner, acceptsUploads } from './DataUpload';
import { commitPage } from './pageLink';
import { ClassroomBar } from '../classroom/ClassroomBar';
import { TeacherLink } from '../classroom/TeacherLink';

/** Non-live fields whose values differ between two configs. */
function changedFields(meta: ExperimentMeta<Fields>, a: Record<string, unknown>, b: Record<string, unknown> | null): boolean {
  if (!b) return true;
  return Object.keys(meta.fields).some((k) => !meta.liveFields?.includes(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function ExperimentPage({ id, query }: { id: string; query: string }) {
  const meta = getExperiment(id);
  if (!meta) return <ExperimentPlaceholder id={id} />;
  return <ExperimentView meta={meta} query={query} />;
}

function ExperimentView({ meta, query }: { meta: ExperimentMeta<Fields>; query: string }) {
  const store = useLabStoreApi();
  const runner = useRunner();
  const page = useLab(useShallow((s) => s.page));
  // not the history: this view must not re-render on every progress batch (LivePlots does)
  const run = useLab(useShallow((s) => ({ status: s.run.status, config: s.run.config, experimentId: s.run.experimentId })));

  // The link is the source of truth whenever it changes (first load, back/forward, pasted link).
  useEffect(() => {
    const { config, view, warnings } = decodeQuery(meta.fields, query);
    store.getState().openExperiment({ id: meta.id, config, warnings, classroom: !!view.classroom, hidden: view.hide ?? [] });
  }, [meta, query, store]);

  const config = page.id === meta.id ? page.config : null;
  // each committed change is a history entry, so back/forward walk through configs
  const commit = (next: Record<string, unknown>) => commitPage(store, meta.id, meta.fields, next);
  const setValue = (key: string, value: unknown) => commit({ ...store.getState().page.config, [key]: value });
  // a preset never overrides the knobs a teacher's link fixed
  const pickPreset = (preset: Record<string, unknown>) => {
    const { config: current, hidden } = store.getState().page;
    commit({ ...preset, ...Object.fromEntries(hidden.map((k) => [k, current[k]])) });
  };

  const plotConfig = useMemo(() => {
    if (!config) return null;
    const base = run.experimentId === meta.id && run.config ? run.config : config;
    const live: Record<string, unknown> = {};
    for (const k of meta.liveFields ?? []) live[k] = config[k];
    return { ...base, ...live };
  }, [config, run.config, run.experimentId, meta]);

  if (!config) return <p>Loading…</p>;
  const stale = changedFields(meta, config, run.experimentId === meta.id ? run.config : null);
  const active = run.status === 'running' || run.status === 'paused';

  return (
    <article className={`experiment ${page.classroom ? 'classroom' : ''}`} data-testid="experiment-page" data-experiment={meta.id}>
      <header className="experiment-head">
        <h1>{meta.title}</h1>
        <p className="papers">
          {meta.papers.map((p, i) => (
            <span key={p.url}>
              {i > 0 && ' · '}
              <a href={p.url} target="_blank" rel="noreferrer noopener">
                {p.name}
              </a>
            </span>
          ))}
        </p>
        <ClassroomBar meta={meta} />
      </header>
      {page.warnings.length > 0 && (
        <div className="banner banner-warning" role="alert" data-testid="link-warnings">
          <strong>Some of this link could not be used; defaults were used instead.</strong>
          <ul>
            {page.warnings.slice(0, 12).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => store.getState().dismissWarnings()}>
            Dismiss
          </button>
        </div>
      )}
      <MissingDatasetBanner meta={meta} config={config} />
      <div className="experiment-body">
        <aside className="experiment-side">
          <section className="card-text" aria-label="The idea">
            <MarkdownLite source={meta.card} />
          </section>
          <PresetBar meta={meta} onPick={pickPreset} />
          <ParameterPanel fields={meta.fields} config={config} hidden={page.hidden} disabled={active} onChange={setValue} />
          {acceptsUploads(meta) && !page.hidden.includes('dataset') && <DataUpload meta={meta} />}
          <LinkBar meta={meta} config={config} />
          {!page.classroom && <TeacherLink meta={meta} config={config} />}
          <ExportMenu meta={meta} config={config} />
          {!page.classroom && page.hidden.length === 0 && <ImportConfig meta={meta} />}
        </aside>
        <section className="experiment-main" aria-label="Results">
          <RunControls stale={stale} />
          <LivePlots meta={meta} plotConfig={plotConfig} onRun={() => void runner.start()} />
        </section>
      </div>
    </article>
  );
}
