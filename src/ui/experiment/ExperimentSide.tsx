// The side column of an experiment page: card, presets, knobs, upload, share, export, import — each unless the link hides it.
import { useMemo } from 'react';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import type { PageState } from '../../store/experimentState';
import type { Panel } from '../../url/viewState';
import { ParameterPanel } from './ParameterPanel';
import { MarkupParagraphs } from './MarkdownLite';
import { parseMarkup } from '../../guide/markup';
import { useStaggeredReveal } from '../useStaggeredReveal';
import { PresetBar } from './PresetBar';
import { LinkBar } from './LinkBar';
import { ExportMenu } from './ExportMenu';
import { ImportConfig } from './ImportConfig';
import { DataUpload, acceptsUploads } from './DataUpload';
import { TeacherLink } from '../classroom/TeacherLink';
import { EmbedLink } from '../classroom/EmbedLink';
import { DeferredMount } from '../DeferredMount';

type Props = {
  meta: ExperimentMeta<Fields>;
  config: Record<string, unknown>;
  page: PageState;
  /** Every plot the page draws now (for the embed link's plot choice). */
  plots: { id: string; title: string }[];
  /** A run is in progress: the knobs are locked. */
  active: boolean;
  onPreset(config: Record<string, unknown>): void;
  onChange(key: string, value: unknown): void;
};

/** The side panels this page shows, in order; empty when the link hides them all. */
export function sidePanels(meta: ExperimentMeta<Fields>, page: PageState): Panel[] {
  const shown = (p: Panel) => !page.panels.includes(p);
  const list: Panel[] = [];
  if (shown('card')) list.push('card');
  if (shown('presets')) list.push('presets');
  if (shown('params')) list.push('params');
  if (shown('upload') && acceptsUploads(meta) && !page.hidden.includes('dataset')) list.push('upload');
  if (shown('link')) list.push('link');
  if (shown('export')) list.push('export');
  // importing a config would override the knobs a teacher's link fixed
  if (shown('import') && !page.classroom && page.hidden.length === 0) list.push('import');
  return list;
}

export function ExperimentSide({ meta, config, page, plots, active, onPreset, onChange }: Props) {
  const panels = sidePanels(meta, page);
  const withCard = panels.includes('card');
  // the card parsed once, not at each paragraph's reveal nor at each render of the page during a run
  const card = useMemo(() => (withCard ? parseMarkup(meta.card) : []), [withCard, meta.card]);
  const paragraphs = card.length;
  // the card's paragraphs, one frame apart (useStaggeredReveal), again from the first on another page; the panels below once the last is shown
  const shown = useStaggeredReveal(paragraphs, meta.id);
  if (panels.length === 0) return null;
  return (
    <aside className="experiment-side" data-testid="experiment-side">
      {withCard && (
        <section className="card-text" aria-label="The idea" data-testid="panel-card">
          <MarkupParagraphs paragraphs={card} limit={shown} />
        </section>
      )}
      {/* the card's first paragraph comes with the page and each later one a frame after the one before; the panels
          below it a frame after the last, in a commit of their own. The panels are
          memoised on their props (and the parameter fields on theirs): a run's start, progress and end render the page
          again, and React updated every input of every panel each time (the teacher link's 35 checkboxes twice at each
          run's end on subspace-clustering) */}
      {shown >= paragraphs && (
        <DeferredMount>
          {panels.filter((p) => p !== 'card').map((p) => {
            switch (p) {
              case 'presets':
                return <PresetBar key={p} meta={meta} onPick={onPreset} />;
              case 'params':
                return <ParameterPanel key={p} fields={meta.fields} config={config} hidden={page.hidden} disabled={active} onChange={onChange} />;
              case 'upload':
                return <DataUpload key={p} meta={meta} />;
              case 'link':
                return (
                  <div key={p} data-testid="panel-link">
                    <LinkBar meta={meta} config={config} />
                    {!page.classroom && <TeacherLink meta={meta} config={config} />}
                    {!page.classroom && <EmbedLink meta={meta} config={config} plots={plots} />}
                  </div>
                );
              case 'export':
                return <ExportMenu key={p} meta={meta} config={config} />;
              case 'import':
                return <ImportConfig key={p} meta={meta} />;
              default: {
                const never: never = p;
                throw new Error(`unhandled panel ${String(never)}`);
              }
            }
          })}
        </DeferredMount>
      )}
    </aside>
  );
}
