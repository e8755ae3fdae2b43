// A linked experiment opens before the first render, and opening the page it already shows changes nothing (no view re-renders).
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../../store/store';
import { getExperiment } from '../../experiments/registry';
import { openedPage, openLinkedExperiment } from './openedPage';

const spectrum = getExperiment('spectrum')!;

describe('openExperiment', () => {
  it('notifies once for a page, not again for the same page, and again when the link changes it', () => {
    const store = createLabStore('#/spectrum');
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.getState().openExperiment(openedPage(spectrum, ''));
    expect(notified).toBe(1);
    const before = store.getState();
    store.getState().openExperiment(openedPage(spectrum, ''));
    expect(notified, 'the same page opened again (its effect after the first render)').toBe(1);
    expect(store.getState()).toBe(before);
    store.getState().openExperiment(openedPage(spectrum, 'classroom=1'));
    expect(notified).toBe(2);
    expect(store.getState().page.classroom).toBe(true);
  });

  it('keeps the plot index when the same experiment opens with another config', () => {
    const store = createLabStore('#/spectrum');
    store.getState().openExperiment(openedPage(spectrum, ''));
    store.getState().setPlotIndex(2);
    const key = Object.keys(spectrum.fields)[0];
    const page = openedPage(spectrum, '');
    store.getState().openExperiment({ ...page, config: { ...page.config, [key]: `${page.config[key]}-changed` } });
    expect(store.getState().page.plotIndex).toBe(2);
  });
});

describe('openLinkedExperiment', () => {
  it("opens the hash's experiment with the link's config and view, as its page would", () => {
    const store = createLabStore('#/spectrum?classroom=1');
    openLinkedExperiment(store);
    const { page } = store.getState();
    expect(page.id).toBe('spectrum');
    expect(page.classroom).toBe(true);
    expect(page).toEqual({ ...openedPage(spectrum, 'classroom=1'), plotIndex: 0 });
  });

  it('does nothing on the gallery, diagnostics or an unknown page', () => {
    for (const hash of ['#/', '#/diagnostics', '#/no-such-page']) {
      const store = createLabStore(hash);
      const before = store.getState();
      openLinkedExperiment(store);
      expect(store.getState(), hash).toBe(before);
    }
  });
});
