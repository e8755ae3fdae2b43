// Classroom touch mapping (pure): a pointer gesture is a tap, a swipe or nothing, and which action it means.
import type { ClassroomAction, ClassroomView } from './classroomKeys';

export type Gesture = 'tap' | 'swipe-left' | 'swipe-right';

/** A tap moves less than this many CSS pixels; a swipe travels at least SWIPE_MIN_PX sideways. */
export const TAP_MAX_PX = 12;
export const SWIPE_MIN_PX = 60;
/** Longer presses are neither (a long press reads plot values). */
export const GESTURE_MAX_MS = 800;

/**
 * Classifies a pointer's travel (dx, dy in CSS px, from down to up) over `ms` milliseconds.
 * A swipe is mostly sideways (|dx| ≥ 1.5·|dy|), so scrolling the page up or down is never one.
 */
export function classifyGesture(dx: number, dy: number, ms: number): Gesture | null {
  if (!(ms >= 0 && ms <= GESTURE_MAX_MS)) return null;
  if (Math.hypot(dx, dy) <= TAP_MAX_PX) return 'tap';
  if (Math.abs(dx) >= SWIPE_MIN_PX && Math.abs(dx) >= 1.5 * Math.abs(dy)) return dx < 0 ? 'swipe-left' : 'swipe-right';
  return null;
}

/**
 * What a gesture on the plot does in classroom mode, also shown on the page:
 * - tap: before any plot, run; while running, pause; while paused, resume (after a run a tap only reads
 *   the plot: the Run button runs again);
 * - swipe left: the next plot; swipe right: the previous plot (as → and ← after a run).
 */
export function classroomGestureAction(g: Gesture, v: ClassroomView): ClassroomAction | null {
  const last = Math.max(0, v.plotCount - 1);
  const shown = Math.min(v.plotIndex, last);
  switch (g) {
    case 'tap':
      if (v.status === 'running') return 'pause';
      if (v.status === 'paused') return 'resume';
      return v.plotCount === 0 ? 'run' : null;
    case 'swipe-left':
      return shown < last ? 'next-plot' : null;
    case 'swipe-right':
      return shown > 0 ? 'previous-plot' : null;
  }
}
