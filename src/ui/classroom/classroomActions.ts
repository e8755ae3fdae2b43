// Carries out a classroom action (from a key or a touch gesture) on the page's runner and plot index.
import type { LabStoreApi } from '../../store/store';
import type { Runner } from '../../runner/runner';
import type { ClassroomAction } from './classroomKeys';

/** Runs `action`; actions that need the engine wait until it is ready (they do nothing before). */
export function performClassroomAction(action: ClassroomAction, store: LabStoreApi, runner: Runner, plotCount: number): void {
  const st = store.getState();
  const needsEngine = action !== 'next-plot' && action !== 'previous-plot';
  if (needsEngine && st.engine.status !== 'ready') return;
  const shown = Math.min(st.page.plotIndex, Math.max(0, plotCount - 1));
  switch (action) {
    case 'run':
      void runner.start();
      break;
    case 'pause':
      runner.pause();
      break;
    case 'resume':
      runner.resume();
      break;
    case 'step':
      runner.step();
      break;
    case 'start-stepping':
      void runner.start({ step: true });
      break;
    case 'next-plot':
      st.setPlotIndex(shown + 1);
      break;
    case 'previous-plot':
      st.setPlotIndex(shown - 1);
      break;
    default: {
      const never: never = action;
      throw new Error(`unhandled classroom action ${String(never)}`);
    }
  }
}
