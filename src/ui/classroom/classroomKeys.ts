// Classroom keyboard mapping (pure): which action a key means, given the run's status and the plot shown.
import type { RunStatus } from '../../store/experimentState';

export type ClassroomAction = 'run' | 'pause' | 'resume' | 'step' | 'start-stepping' | 'next-plot' | 'previous-plot';

export type ClassroomView = { status: RunStatus; plotIndex: number; plotCount: number };

/**
 * The mapping, also shown on the page:
 * - Space: run; while running, pause; while paused, resume.
 * - → (or PageDown, what presentation clickers send): while a run is in progress, one step (then paused);
 *   before any run, start paused and take the first step; once the run has ended, the next plot.
 * - ← (or PageUp): the previous plot.
 */
export function classroomAction(key: string, v: ClassroomView): ClassroomAction | null {
  const inProgress = v.status === 'running' || v.status === 'paused';
  const last = Math.max(0, v.plotCount - 1);
  const shown = Math.min(v.plotIndex, last);
  switch (key) {
    case ' ':
    case 'Spacebar':
      return v.status === 'running' ? 'pause' : v.status === 'paused' ? 'resume' : 'run';
    case 'ArrowRight':
    case 'PageDown':
      if (inProgress) return 'step';
      if (v.status === 'idle' || v.plotCount === 0) return 'start-stepping';
      return shown < last ? 'next-plot' : null;
    case 'ArrowLeft':
    case 'PageUp':
      return shown > 0 ? 'previous-plot' : null;
    default:
      return null;
  }
}

/** Keys typed into a form field belong to the field, not to the classroom controls. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'select' || tag === 'textarea' || el.isContentEditable === true;
}
