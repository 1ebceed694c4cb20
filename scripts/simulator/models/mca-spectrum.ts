/**
 * An X-ray fluorescence spectrum as an MCA reads it: emission lines (gaussian in channel space) on a
 * smooth continuum, with counting (Poisson) noise. 10 eV per channel, so 4096 channels cover 0-41 keV.
 */
import type { Random } from '../random';
import { gaussian } from './peaks';

export const MCA_CHANNELS = 4096;
export const MCA_EV_PER_CHANNEL = 10;

export interface EmissionLine {
  label: string;
  energyKeV: number;
  /** Peak counts per spectrum (before noise). */
  height: number;
  /** Standard deviation in channels (detector resolution). */
  sigma: number;
}

/** Fe, Cu and Zn K lines plus the elastic scattering peak of a 17 keV beam. */
export const MCA_LINES: readonly EmissionLine[] = [
  { label: 'Fe Ka', energyKeV: 6.4, height: 900, sigma: 8 },
  { label: 'Fe Kb', energyKeV: 7.06, height: 130, sigma: 8 },
  { label: 'Cu Ka', energyKeV: 8.04, height: 1500, sigma: 9 },
  { label: 'Cu Kb', energyKeV: 8.9, height: 210, sigma: 9 },
  { label: 'Zn Ka', energyKeV: 8.63, height: 600, sigma: 9 },
  { label: 'elastic', energyKeV: 17.0, height: 2500, sigma: 12 },
];

export function lineChannel(line: EmissionLine): number {
  return Math.round((line.energyKeV * 1000) / MCA_EV_PER_CHANNEL);
}

/** Noise-free spectrum; `scale` varies the intensity from point to point (sample moving in the beam). */
export function spectrumModel(scale = 1): Float64Array {
  const model = new Float64Array(MCA_CHANNELS);
  for (let c = 0; c < MCA_CHANNELS; c++) {
    // Bremsstrahlung-like continuum, falling with energy, vanishing at the lowest channels.
    model[c] = 12 * Math.exp(-c / 900) * (1 - Math.exp(-c / 60));
  }
  for (const line of MCA_LINES) {
    const centre = lineChannel(line);
    const from = Math.max(0, Math.floor(centre - 6 * line.sigma));
    const to = Math.min(MCA_CHANNELS - 1, Math.ceil(centre + 6 * line.sigma));
    for (let c = from; c <= to; c++) model[c] = (model[c] ?? 0) + line.height * gaussian(c, centre, line.sigma);
  }
  if (scale !== 1) for (let c = 0; c < MCA_CHANNELS; c++) model[c] = (model[c] ?? 0) * scale;
  return model;
}

/** One measured spectrum (`<u4` counts). */
export function sampleSpectrum(model: Float64Array, random: Random): Uint32Array {
  const counts = new Uint32Array(model.length);
  for (let c = 0; c < model.length; c++) counts[c] = random.poisson(model[c] ?? 0);
  return counts;
}
