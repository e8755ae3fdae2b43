// A page's guided tour: one step at a time (what to look at, in which plot, what to change next), the step's plot highlighted.
import { useEffect, useRef, useState } from 'react';
import { tourOf } from '../../guide/tours';
import type { TourStep } from '../../guide/types';
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { MarkdownLite } from '../experiment/MarkdownLite';
import './guide.css';

type Props = {
  meta: ExperimentMeta<Fields>;
  /** The plots on the page now (empty before the first run), in their order. */
  plots: { id: string; title: string }[];
  /** Sets these fields (a step's `change.set`) as one committed change. */
  onSet(values: Record<string, unknown>): void;
  /** Opens a named preset. */
  onPreset(presetId: string): void;
};

/**
 * Marks the step's plot in the DOM while the step is shown (a class and a data attribute), scrolling it into view;
 * the plot components stay unaware of the tour. Runs again when `plotKey` changes: plots mount after a run, or as classroom mode pages.
 */
function useHighlight(plotId: string | null, plotKey: string) {
  useEffect(() => {
    if (!plotId) return;
    const el = document.querySelector<HTMLElement>(`[data-testid="plot-${CSS.escape(plotId)}"]`);
    if (!el) return;
    el.classList.add('tour-highlight');
    el.dataset.tourHighlight = 'true';
    el.scrollIntoView?.({ block: 'nearest' });
    return () => {
      el.classList.remove('tour-highlight');
      delete el.dataset.tourHighlight;
    };
  }, [plotId, plotKey]);
}

function ChangeButton({ step, meta, onSet, onPreset, disabled }: { step: TourStep; meta: ExperimentMeta<Fields>; onSet: Props['onSet']; onPreset: Props['onPreset']; disabled: boolean }) {
  const change = step.change;
  if (!change) return null;
  if (change.preset) {
    const label = meta.presets.named?.find((p) => p.id === change.preset)?.label ?? change.preset;
    return (
      <button type="button" className="secondary small" disabled={disabled} onClick={() => onPreset(change.preset as string)} data-testid="tour-apply">
        Open preset “{label}”
      </button>
    );
  }
  const values = change.set ?? {};
  const described = Object.entries(values)
    .map(([k, v]) => `${meta.fields[k]?.label ?? k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(', ');
  return (
    <button type="button" className="secondary small" disabled={disabled} onClick={() => onSet(values)} data-testid="tour-apply">
      Set {described}
    </button>
  );
}

export function GuidedTour({ meta, plots, onSet, onPreset }: Props) {
  const tour = tourOf(meta.id);
  const [index, setIndex] = useState<number | null>(null);
  const store = useLabStoreApi();
  const classroom = useLab((s) => s.page.classroom);
  const runActive = useLab((s) => s.run.status === 'running' || s.run.status === 'paused');
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const step = tour && index !== null ? tour[index] : null;
  const plotIndex = step ? plots.findIndex((p) => p.id === step.plot) : -1;

  // in classroom mode the shown plot mounts afresh when the index changes, so the index is part of the key
  const shownIndex = useLab((s) => s.page.plotIndex);
  useHighlight(step?.plot ?? null, `${plots.map((p) => p.id).join(',')}|${classroom ? shownIndex : ''}`);
  // classroom mode shows one plot at a time: show the step's
  useEffect(() => {
    if (classroom && plotIndex >= 0) store.getState().setPlotIndex(plotIndex);
  }, [classroom, plotIndex, store]);
  useEffect(() => {
    // without scrolling: the highlight has just scrolled the step’s plot into view
    if (index !== null) heading.current?.focus({ preventScroll: true });
  }, [index]);

  if (!tour) return null;
  const close = () => {
    setIndex(null);
    // the opener mounts again on the next render
    setTimeout(() => opener.current?.focus(), 0);
  };
  if (index === null || !step) {
    return (
      <div className="tour-closed">
        <button type="button" ref={opener} className="secondary" onClick={() => setIndex(0)} data-testid="tour-open">
          Guided tour ({tour.length} steps)
        </button>
      </div>
    );
  }
  const plotTitle = plotIndex >= 0 ? plots[plotIndex].title : null;
  return (
    <section
      className="tour"
      aria-labelledby="tour-heading"
      data-testid="tour"
      data-step={index + 1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <h2 id="tour-heading" ref={heading} tabIndex={-1}>
        Guided tour · step {index + 1} of {tour.length}
      </h2>
      <p className="tour-plot" data-testid="tour-plot" data-plot={step.plot}>
        {plotTitle ? (
          <>
            Look at <strong>{plotTitle}</strong> (highlighted).
          </>
        ) : (
          <>This step’s plot appears once the page has run: press Run.</>
        )}
      </p>
      <div className="tour-text">
        <MarkdownLite source={step.look} />
        {step.change && (
          <div className="tour-change">
            <MarkdownLite source={`**Next.** ${step.change.text}`} />
            <ChangeButton step={step} meta={meta} onSet={onSet} onPreset={onPreset} disabled={runActive} />
            {step.expect && <MarkdownLite source={`**What should happen.** ${step.expect}`} />}
          </div>
        )}
      </div>
      <div className="tour-nav">
        <button type="button" className="secondary" disabled={index === 0} onClick={() => setIndex(index - 1)} data-testid="tour-back">
          ← Back
        </button>
        {index < tour.length - 1 ? (
          <button type="button" onClick={() => setIndex(index + 1)} data-testid="tour-next">
            Next →
          </button>
        ) : (
          <button type="button" onClick={close} data-testid="tour-done">
            Done
          </button>
        )}
        <button type="button" className="secondary" onClick={close} data-testid="tour-close" aria-label="Close the guided tour">
          Close
        </button>
      </div>
    </section>
  );
}
