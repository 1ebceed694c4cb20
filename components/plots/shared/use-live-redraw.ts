/**
 * The redraw discipline every live plot follows: new data redraw at the live pace (`minInterval`),
 * a change of settings or zoom redraws at once. `scheduleRef` lets handlers created before the draw
 * function (plotly events, resize) ask for a redraw.
 */
import { useEffect, useRef, type MutableRefObject } from 'react';
import { useRedraw } from './use-plotly';

export type Schedule = (urgent?: boolean) => void;

export function useLiveRedraw(draw: () => void, options: { minInterval?: number; version: number; settings: readonly unknown[]; scheduleRef?: MutableRefObject<Schedule> }): Schedule {
  const { minInterval = 0, version, settings, scheduleRef } = options;
  const schedule = useRedraw(draw, minInterval);
  useEffect(() => {
    if (scheduleRef) scheduleRef.current = schedule;
  }, [schedule, scheduleRef]);
  useEffect(() => {
    schedule();
  }, [schedule, version]);
  // Settings compared element by element after each render (a dependency list cannot be spread).
  const previous = useRef<readonly unknown[] | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = settings;
    if (before === null || before.length !== settings.length || settings.some((s, i) => !Object.is(s, before[i]))) schedule(true);
  });
  return schedule;
}
