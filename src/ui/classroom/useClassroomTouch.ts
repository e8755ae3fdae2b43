// Binds classroom touch gestures on the plot stage (tap: run / pause / resume; swipe: next / previous plot); keys stay as they are.
import { useRef, type PointerEvent, type TouchEvent } from 'react';
import { useLabStoreApi, useRunner } from '../../store/hooks';
import { classifyGesture, classroomGestureAction } from './classroomTouch';
import { performClassroomAction } from './classroomActions';

/** Controls inside the stage keep their own taps (buttons, links, the plot's legend and plotly's mode bar). */
const OWN_TAPS = 'button, a, input, select, textarea, label, .modebar, .plot-legend';

type Start = { id: number; x: number; y: number; t: number };

/** Pointer handlers for the stage element (capture phase, so plotly's own handlers cannot hide a gesture). */
export function useClassroomTouch(enabled: boolean, plotCount: number) {
  const store = useLabStoreApi();
  const runner = useRunner();
  const start = useRef<Start | null>(null);
  const onPointerDownCapture = (e: PointerEvent<HTMLElement>) => {
    // mouse users have the keys and buttons; a mouse drag on a plot zooms it
    if (!enabled || e.pointerType === 'mouse' || !e.isPrimary) return;
    if ((e.target as Element).closest?.(OWN_TAPS)) return;
    start.current = { id: e.pointerId, x: e.clientX, y: e.clientY, t: e.timeStamp };
  };
  const onPointerUpCapture = (e: PointerEvent<HTMLElement>) => {
    const s = start.current;
    if (!s || s.id !== e.pointerId) return;
    start.current = null;
    const gesture = classifyGesture(e.clientX - s.x, e.clientY - s.y, e.timeStamp - s.t);
    if (!gesture) return;
    const st = store.getState();
    const action = classroomGestureAction(gesture, { status: st.run.status, plotIndex: st.page.plotIndex, plotCount });
    if (action) performClassroomAction(action, store, runner, plotCount);
  };
  const onPointerCancelCapture = () => {
    start.current = null;
  };
  // The stage owns touches outside controls: plotly would otherwise start a touch hover on the plot a swipe is
  // about to replace, and its queued hover then reads the purged plot. Stopped at the capture phase, plotly's
  // own listeners further down never see them; pointer events (above) are separate and still arrive.
  const ownTouch = (e: TouchEvent<HTMLElement>) => {
    if (enabled && !(e.target as Element).closest?.(OWN_TAPS)) e.stopPropagation();
  };
  return {
    onPointerDownCapture,
    onPointerUpCapture,
    onPointerCancelCapture,
    onTouchStartCapture: ownTouch,
    onTouchMoveCapture: ownTouch,
    onTouchEndCapture: ownTouch,
  };
}
