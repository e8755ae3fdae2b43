// The classroom key mapping: Space runs/pauses/resumes, → steps or moves on, ← goes back, form fields keep their keys.
import { describe, expect, it } from 'vitest';
import { classroomAction, isTypingTarget } from './classroomKeys';

describe('classroom keys', () => {
  const v = (status: Parameters<typeof classroomAction>[1]['status'], plotIndex = 0, plotCount = 0) => ({ status, plotIndex, plotCount });
  it('Space toggles the run', () => {
    expect(classroomAction(' ', v('idle'))).toBe('run');
    expect(classroomAction(' ', v('running'))).toBe('pause');
    expect(classroomAction(' ', v('paused'))).toBe('resume');
    expect(classroomAction(' ', v('done', 0, 4))).toBe('run');
  });
  it('→ steps a run in progress, starts stepping before a run, then walks the plots', () => {
    expect(classroomAction('ArrowRight', v('idle'))).toBe('start-stepping');
    expect(classroomAction('ArrowRight', v('paused', 0, 2))).toBe('step');
    expect(classroomAction('ArrowRight', v('running', 0, 2))).toBe('step');
    expect(classroomAction('ArrowRight', v('done', 0, 3))).toBe('next-plot');
    expect(classroomAction('PageDown', v('done', 1, 3))).toBe('next-plot');
    expect(classroomAction('ArrowRight', v('done', 2, 3))).toBeNull();
    expect(classroomAction('ArrowRight', v('failed', 0, 0))).toBe('start-stepping');
  });
  it('← goes back a plot, never below the first', () => {
    expect(classroomAction('ArrowLeft', v('done', 2, 3))).toBe('previous-plot');
    expect(classroomAction('ArrowLeft', v('paused', 9, 3))).toBe('previous-plot');
    expect(classroomAction('PageUp', v('done', 0, 3))).toBeNull();
    expect(classroomAction('a', v('done', 0, 3))).toBeNull();
  });
  it('form fields keep their keys', () => {
    expect(isTypingTarget({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
