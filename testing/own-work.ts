/**
 * Event-loop stalls a process causes itself: the gaps between ticks of a 10 ms timer, each counted only
 * for the CPU time the process used during it (capped by the gap). On a machine shared with other jobs,
 * time spent descheduled delays the timer too but is not the process's doing.
 */
export const OWN_WORK_TICK_MS = 10;

/** Starts sampling; `stop()` ends it and returns every gap's own-work time, in ms. */
export function ownWorkProbe(): { stop(): number[] } {
  const gaps: number[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    gaps.push(Math.min(now - last, (cpu.user + cpu.system) / 1000));
    last = now;
    lastCpu = process.cpuUsage();
  }, OWN_WORK_TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      return gaps;
    },
  };
}
