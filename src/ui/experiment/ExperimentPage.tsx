// One experiment: its card, knobs, run controls and live plots; the URL always holds its config.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getExperiment } from '../../experiments/registry';
import { resolveConfig } from '../../experiments/framework/resolveConfig';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab, useLabStoreApi, useRunner } from '../../store/hooks';
import { ExperimentPlaceholder } from '../ExperimentPlaceholder';
import { RunControls } from './RunControls';
import { LivePlots, type PlotListEntry } from './LivePlots';
import { MissingDatasetBanner } from './DataUpload';
import { ExperimentSide, sidePanels } from './ExperimentSide';
import { commitPage } from './pageLink';
import { openedPage } from './openedPage';
import { ClassroomBar } from '../classroom/ClassroomBar';
import { EmbedView } from '../embed/EmbedView';
import { GuidedTour } from '../guide/GuidedTour';

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
  // On the first load the page was opened before the first render (main.tsx), and this changes nothing.
  useEffect(() => {
    store.getState().openExperiment(openedPage(meta, query));
  }, [meta, query, store]);

  const config = page.id === meta.id ? page.config : null;
  // each committed change is a history entry, so back/forward walk through configs
  const commit = useCallback((next: Record<string, unknown>) => commitPage(store, meta.id, meta.fields, next), [store, meta]);
  // one function for the page's life: the parameter fields, memoised, do not render again when the page does
  const setValue = useCallback((key: string, value: unknown) => commit({ ...store.getState().page.config, [key]: value }), [commit, store]);
  // a preset never overrides the knobs a teacher's link fixed
  const pickPreset = (preset: Record<string, unknown>) => {
    const { config: current, hidden } = store.getState().page;
    commit({ ...preset, ...Object.fromEntries(hidden.map((k) => [k, current[k]])) });
  };

  // the plots' ids and titles, reported by LivePlots when they change (the tour and the embed-link box name plots)
  const [plotList, setPlotList] = useState<PlotListEntry[]>([]);

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
  const start = () => void runner.start();
  if (page.embed) return <EmbedView meta={meta} config={config} plotConfig={plotConfig} stale={stale} onRun={start} />;
  const hasSide = sidePanels(meta, page).length > 0;

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
      <div className={`experiment-body ${hasSide ? '' : 'experiment-body-wide'}`}>
        {hasSide && <ExperimentSide meta={meta} config={config} page={page} plots={plotList} active={active} onPreset={pickPreset} onChange={setValue} />}
        <section className="experiment-main" aria-label="Results">
          <RunControls stale={stale} />
          <GuidedTour meta={meta} plots={plotList} onSet={(values) => commit({ ...store.getState().page.config, ...values })} onPreset={(id) => pickPreset(resolveConfig(meta, id).config)} />
          <LivePlots meta={meta} plotConfig={plotConfig} onRun={start} onPlotList={setPlotList} />
        </section>
      </div>
    </article>
  );
}
