/**
 * Detector images: a Lima-like frame (`<u2`) with a moving gaussian spot on a noisy background, and a
 * small float image. Each frame carries its number in pixel [0, 0] (machine check) and drawn as digits in
 * the top-left corner (human check), so a wrong frame shown or read back is obvious.
 */
import type { Random } from '../random';

export interface SpotFrameParams {
  height: number;
  width: number;
  background: number;
  /** Spot peak counts above background. */
  spotHeight: number;
  spotSigma: number;
  /** Frames per turn of the spot around the detector. */
  period: number;
}

export const LIMA_FRAME: SpotFrameParams = { height: 256, width: 320, background: 100, spotHeight: 3000, spotSigma: 9, period: 40 };

/** Value of the digit pixels in the corner block (on a block of zeros). */
export const DIGIT_VALUE = 4095;
const DIGIT_SCALE = 3;

// 3x5 bitmap font, one string of 15 bits per digit (rows top to bottom).
const FONT: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
};

/** Spot centre (x, y) in pixels for frame `n`: a Lissajous path inside the frame. */
export function spotCentre(params: SpotFrameParams, n: number): [number, number] {
  const phase = (2 * Math.PI * n) / params.period;
  return [params.width / 2 + 0.35 * params.width * Math.cos(phase), params.height / 2 + 0.35 * params.height * Math.sin(2 * phase)];
}

/** Draws `text` (digits) at the top-left corner on a zeroed block; returns the block's [rows, cols]. */
export function drawNumber(data: { [i: number]: number }, width: number, text: string): [number, number] {
  const rows = 5 * DIGIT_SCALE + 4;
  const cols = text.length * 4 * DIGIT_SCALE + 4;
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols && x < width; x++) data[y * width + x] = 0;
  [...text].forEach((ch, k) => {
    const bits = FONT[ch];
    if (!bits) return;
    for (let i = 0; i < 15; i++) {
      if (bits[i] !== '1') continue;
      const y0 = 2 + Math.floor(i / 3) * DIGIT_SCALE;
      const x0 = 2 + k * 4 * DIGIT_SCALE + (i % 3) * DIGIT_SCALE;
      for (let dy = 0; dy < DIGIT_SCALE; dy++) for (let dx = 0; dx < DIGIT_SCALE; dx++) data[(y0 + dy) * width + x0 + dx] = DIGIT_VALUE;
    }
  });
  return [rows, cols];
}

/** Frame `n`: `intensity` (0..1) scales the spot, e.g. with a motor crossing a peak. */
export function limaFrame(params: SpotFrameParams, n: number, intensity: number, random: Random): Uint16Array {
  const { height, width } = params;
  const frame = new Uint16Array(height * width);
  const [cx, cy] = spotCentre(params, n);
  const amplitude = params.spotHeight * intensity;
  const twoSigma2 = 2 * params.spotSigma * params.spotSigma;
  const reach = Math.ceil(5 * params.spotSigma);
  const noiseSigma = Math.sqrt(params.background);
  for (let i = 0; i < frame.length; i++) frame[i] = Math.max(0, Math.round(random.normal(params.background, noiseSigma)));
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(height, cy + reach); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(width, cx + reach); x++) {
      const d2 = (x - cx) ** 2 + (y - cy) ** 2;
      const i = y * width + x;
      frame[i] = Math.min(65535, (frame[i] ?? 0) + Math.round(amplitude * Math.exp(-d2 / twoSigma2)));
    }
  }
  drawNumber(frame, width, String(n));
  frame[0] = n & 0xffff;
  return frame;
}

export const IMAGE2D_SIZE = 64;

/** Rings drifting outwards under a gaussian envelope, `<f4`, frame number in pixel [0, 0]. */
export function ringImage(n: number, random: Random, size = IMAGE2D_SIZE): Float32Array {
  const image = new Float32Array(size * size);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - c, y - c);
      const envelope = Math.exp(-(r * r) / (2 * (size / 3) ** 2));
      image[y * size + x] = 100 * envelope * (1 + Math.cos(r / 2 - n / 3)) + random.normal(0, 2);
    }
  }
  image[0] = n;
  return image;
}
