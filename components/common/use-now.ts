'use client';
/**
 * One shared clock for elapsed and remaining times: every subscriber re-renders on the same tick,
 * and nothing ticks when no component shows a running scan (ended scans do not use it).
 */
import { useSyncExternalStore } from 'react';

/** Twice a second: a one-second clock can lag a scan's start and show "0 ms elapsed" after it began. */
const TICK_MS = 500;

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Date.now(), refreshed twice a second; 0 during server rendering (nothing time-based is rendered there). */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => 0);
}

function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function subscribeDay(listener: () => void): () => void {
  // Checked every minute: cheap, and "today" flips to dates within a minute of midnight.
  const timer = setInterval(listener, 60_000);
  return () => clearInterval(timer);
}

/** Start of the local day: times of today are shown as clock times, older ones with their date. */
export function useToday(): number {
  return useSyncExternalStore(subscribeDay, () => startOfDay(Date.now()), () => 0);
}
