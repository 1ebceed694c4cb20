/** Gaussian peaks with background and noise: what simulated diodes read as a motor crosses a feature. */
import type { Random } from '../random';

export interface Peak {
  /** Motor position of the maximum. */
  centre: number;
  /** Standard deviation, in motor units (FWHM = 2.3548 sigma). */
  sigma: number;
  /** Height above background. */
  height: number;
  background: number;
  /** Standard deviation of the additive noise. */
  noise: number;
}

export interface Peak2D {
  centre: [x: number, y: number];
  sigma: [x: number, y: number];
  height: number;
  background: number;
  noise: number;
}

export function gaussian(x: number, centre: number, sigma: number): number {
  const d = (x - centre) / sigma;
  return Math.exp(-0.5 * d * d);
}

/** Noise-free value at `x`. */
export function peakValue(peak: Peak, x: number): number {
  return peak.background + peak.height * gaussian(x, peak.centre, peak.sigma);
}

export function samplePeak(peak: Peak, x: number, random: Random): number {
  return peakValue(peak, x) + random.normal(0, peak.noise);
}

export function samplePeak2D(peak: Peak2D, x: number, y: number, random: Random): number {
  const value = peak.background + peak.height * gaussian(x, peak.centre[0], peak.sigma[0]) * gaussian(y, peak.centre[1], peak.sigma[1]);
  return value + random.normal(0, peak.noise);
}

/** Beam monitor counts: a steady flux with a little noise. */
export interface Monitor {
  mean: number;
  noise: number;
}

export function sampleMonitor(monitor: Monitor, random: Random): number {
  return Math.round(random.normal(monitor.mean, monitor.noise));
}

/** `n` evenly spaced positions from start to stop inclusive (numpy.linspace). */
export function linspace(start: number, stop: number, n: number): number[] {
  if (n === 1) return [start];
  return Array.from({ length: n }, (_, i) => start + ((stop - start) * i) / (n - 1));
}

/** Background-subtracted centre of mass: a robust estimate of a peak position from noisy samples. */
export function centroid(xs: ArrayLike<number>, ys: ArrayLike<number>, background = 0): number {
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < xs.length; i++) {
    const w = Math.max(0, (ys[i] ?? 0) - background);
    sum += w;
    weighted += w * (xs[i] ?? 0);
  }
  return weighted / sum;
}
