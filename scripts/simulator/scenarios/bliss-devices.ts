/**
 * The simulated Bliss session's devices (as in Bliss's demo/test sessions: roby, the simulation diodes,
 * a monitor counter) and the per-point publishing they share across scenarios.
 */
import type { Monitor, Peak } from '../models/peaks';
import { sampleMonitor, samplePeak } from '../models/peaks';
import type { Random } from '../random';
import type { ScanRun } from '../scan-run';
import type { ChannelDef, DeviceDef } from '../scan-info';

export const TIMER = { elapsed: 'timer:elapsed_time', epoch: 'timer:epoch' } as const;
export const DIODES = {
  key: 'simulation_diode_sampling_controller',
  diode1: 'simulation_diode_sampling_controller:diode1',
  diode2: 'simulation_diode_sampling_controller:diode2',
} as const;
export const MONITOR_CHANNEL = 'simulation_counter_controller:mon';

/** diode1: a sharp peak at roby = 1.2; diode2: a broad one at 0.8 (both within the default 0..2 range). */
export const DIODE1_PEAK: Peak = { centre: 1.2, sigma: 0.15, height: 1000, background: 50, noise: 5 };
export const DIODE2_PEAK: Peak = { centre: 0.8, sigma: 0.35, height: 400, background: 20, noise: 3 };
export const MONITOR: Monitor = { mean: 1e5, noise: 300 };

/** Other motors of the session, reported in `positioners` like Bliss does for every scan. */
export const SESSION_MOTORS: Record<string, { position: number; unit: string }> = {
  roby: { position: 0, unit: 'mm' },
  robz: { position: 0.5, unit: 'mm' },
  sampx: { position: 0, unit: 'mm' },
  sampy: { position: 0, unit: 'mm' },
};

export function positionersStart(overrides: Record<string, number> = {}): { start: Record<string, number>; units: Record<string, string> } {
  const start: Record<string, number> = {};
  const units: Record<string, string> = {};
  for (const [name, motor] of Object.entries(SESSION_MOTORS)) {
    start[name] = overrides[name] ?? motor.position;
    units[name] = motor.unit;
  }
  return { start, units };
}

export function motorChannel(motor: string, meta: Record<string, unknown> = {}): ChannelDef {
  return { name: `axis:${motor}`, meta: { unit: SESSION_MOTORS[motor]?.unit ?? 'mm', decimals: 3, ...meta } };
}

export function timerDevice(triggers: DeviceDef[], meta: Record<string, unknown> = {}): DeviceDef {
  return {
    key: 'timer',
    channels: [
      { name: TIMER.elapsed, meta: { unit: 's', ...meta } },
      { name: TIMER.epoch, meta: { unit: 's', ...meta } },
    ],
    triggers,
  };
}

/** The two diodes and the monitor, as slaves of the timer. */
export function counterDevices(meta: Record<string, unknown> = {}): DeviceDef[] {
  return [
    { key: DIODES.key, channels: [{ name: DIODES.diode1, meta }, { name: DIODES.diode2, meta }] },
    { key: 'simulation_counter_controller', channels: [{ name: MONITOR_CHANNEL, meta }] },
  ];
}

export function sendScalar(run: ScanRun, name: string, value: number): void {
  run.stream(name).send(Float64Array.of(value));
}

/** Timer channels of one point: real time since the scan's first point, and wall-clock epoch. */
export function sendTimer(run: ScanRun, elapsedS: number): void {
  sendScalar(run, TIMER.elapsed, elapsedS);
  sendScalar(run, TIMER.epoch, Date.now() / 1000);
}

/** Diodes (peaks along `x`) and monitor of one point. */
export function sendCounters(run: ScanRun, x: number, peaks: { diode1: Peak; diode2: Peak }, random: Random): void {
  sendScalar(run, DIODES.diode1, samplePeak(peaks.diode1, x, random));
  sendScalar(run, DIODES.diode2, samplePeak(peaks.diode2, x, random));
  sendScalar(run, MONITOR_CHANNEL, sampleMonitor(MONITOR, random));
}
