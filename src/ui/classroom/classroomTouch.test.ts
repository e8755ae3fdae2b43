// Classroom touch: taps run, pause and resume; sideways swipes walk the plots; scrolls and long presses do nothing.
import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../store/experimentState';
import { classifyGesture, classroomGestureAction, GESTURE_MAX_MS, SWIPE_MIN_PX, TAP_MAX_PX } from './classroomTouch';

const v = (status: RunStatus, plotIndex = 0, plotCount = 0) => ({ status, plotIndex, plotCount });

describe('classroom touch', () => {
  it('classifies taps, sideways swipes, and everything else as nothing', () => {
    expect(classifyGesture(0, 0, 90)).toBe('tap');
    expect(classifyGesture(TAP_MAX_PX - 1, 0, 200)).toBe('tap');
    expect(classifyGesture(-SWIPE_MIN_PX, 10, 300)).toBe('swipe-left');
    expect(classifyGesture(SWIPE_MIN_PX + 40, -20, 300)).toBe('swipe-right');
    expect(classifyGesture(SWIPE_MIN_PX - 1, 0, 300)).toBeNull(); // too short
    expect(classifyGesture(-100, 90, 300)).toBeNull(); // diagonal: a scroll, not a swipe
    expect(classifyGesture(0, 200, 300)).toBeNull(); // vertical scroll
    expect(classifyGesture(0, 0, GESTURE_MAX_MS + 1)).toBeNull(); // long press
    expect(classifyGesture(-200, 0, GESTURE_MAX_MS + 1)).toBeNull();
    expect(classifyGesture(0, 0, Number.NaN)).toBeNull();
  });
  it('a tap runs before any plot, pauses a run and resumes a paused one; after a run it only reads the plot', () => {
    expect(classroomGestureAction('tap', v('idle'))).toBe('run');
    expect(classroomGestureAction('tap', v('failed'))).toBe('run');
    expect(classroomGestureAction('tap', v('running', 0, 3))).toBe('pause');
    expect(classroomGestureAction('tap', v('paused', 0, 3))).toBe('resume');
    expect(classroomGestureAction('tap', v('done', 0, 3))).toBeNull();
  });
  it('swipe left is the next plot, swipe right the previous, within the plots', () => {
    expect(classroomGestureAction('swipe-left', v('done', 0, 3))).toBe('next-plot');
    expect(classroomGestureAction('swipe-left', v('running', 1, 3))).toBe('next-plot');
    expect(classroomGestureAction('swipe-left', v('done', 2, 3))).toBeNull();
    expect(classroomGestureAction('swipe-right', v('done', 2, 3))).toBe('previous-plot');
    expect(classroomGestureAction('swipe-right', v('done', 9, 3))).toBe('previous-plot');
    expect(classroomGestureAction('swipe-right', v('done', 0, 3))).toBeNull();
    expect(classroomGestureAction('swipe-left', v('idle'))).toBeNull();
  });
});
