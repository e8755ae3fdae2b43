// Binds the classroom keys (see classroomKeys.ts) to the page's runner and plot index while classroom mode is on.
import { useEffect } from 'react';
import { useLabStoreApi, useRunner } from '../../store/hooks';
import { classroomAction, isTypingTarget } from './classroomKeys';
import { performClassroomAction } from './classroomActions';

export function useClassroomKeys(enabled: boolean, plotCount: number): void {
  const store = useLabStoreApi();
  const runner = useRunner();
  useEffect(() => {
    if (!enabled) return;
    const isSpace = (e: KeyboardEvent) => e.key === ' ' || e.key === 'Spacebar';
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTypingTarget(e.target)) return;
      const st = store.getState();
      const action = classroomAction(e.key, { status: st.run.status, plotIndex: st.page.plotIndex, plotCount });
      // Space would also scroll or press a focused button: the classroom owns it while the mode is on.
      if (action || isSpace(e)) e.preventDefault();
      if (!action || e.repeat) return;
      performClassroomAction(action, store, runner, plotCount);
    };
    // a focused button activates on Space's keyup: cancel that too
    const onKeyUp = (e: KeyboardEvent) => {
      if (isSpace(e) && !isTypingTarget(e.target)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keyup', onKeyUp, true);
    };
  }, [enabled, plotCount, store, runner]);
}
