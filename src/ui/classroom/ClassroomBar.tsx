// The classroom switch (kept in the link as &classroom=1) and, while on, the keys that drive the page.
import type { ExperimentMeta } from '../../experiments/framework/types';
import type { Fields } from '../../experiments/framework/fields';
import { useLab, useLabStoreApi } from '../../store/hooks';
import { commitPage } from '../experiment/pageLink';

export function ClassroomBar({ meta }: { meta: ExperimentMeta<Fields> }) {
  const store = useLabStoreApi();
  const classroom = useLab((s) => s.page.classroom);
  const toggle = () => {
    const st = store.getState();
    commitPage(store, meta.id, meta.fields, st.page.config, { classroom: !classroom });
  };
  return (
    <div className="classroom-bar">
      <button type="button" className="secondary" aria-pressed={classroom} onClick={toggle} data-testid="classroom-toggle">
        {classroom ? 'Leave classroom mode' : 'Classroom mode'}
      </button>
      {classroom && (
        <p className="classroom-keys" data-testid="classroom-keys">
          Keys: <kbd>Space</kbd> run / pause · <kbd>→</kbd> one step (after the run: next plot) · <kbd>←</kbd> previous plot.{' '}
          <span data-testid="classroom-touch">Touch: tap the plot area to run, pause or resume; swipe it left or right for the next or previous plot.</span>
        </p>
      )}
    </div>
  );
}
