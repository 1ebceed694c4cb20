import { describe, expect, it } from 'vitest';
import { LatestPacer, MAX_BIN } from './latest-pacing';
import { binImage } from './preview';

/** Block means computed directly, the slow obvious way, to check binImage against. */
function naiveBin(src: ArrayLike<number>, h: number, w: number, n: number, round: boolean): number[] {
  const out: number[] = [];
  for (let by = 0; by < Math.ceil(h / n); by++) {
    for (let bx = 0; bx < Math.ceil(w / n); bx++) {
      let sum = 0;
      let count = 0;
      for (let y = by * n; y < Math.min(h, by * n + n); y++) {
        for (let x = bx * n; x < Math.min(w, bx * n + n); x++) {
          sum += src[y * w + x]!;
          count++;
        }
      }
      out.push(round ? Math.floor(sum / count + 0.5) : sum / count);
    }
  }
  return out;
}

describe('binImage', () => {
  it('gives the n×n block means, partial edge blocks over the pixels they have', () => {
    const h = 7;
    const w = 11;
    const src = Uint16Array.from({ length: h * w }, (_, i) => (i * 7919) % 65536);
    for (const n of [1, 2, 3, 4, 8]) {
      const out = binImage(src, h, w, n);
      expect(out).toBeInstanceOf(Uint16Array);
      expect(out).toHaveLength(Math.ceil(h / n) * Math.ceil(w / n));
      expect(Array.from(out)).toEqual(naiveBin(src, h, w, n, true));
    }
    const floats = Float64Array.from({ length: h * w }, (_, i) => Math.sin(i));
    const out = binImage(floats, h, w, 3);
    naiveBin(floats, h, w, 3, false).forEach((v, i) => expect(out[i]).toBeCloseTo(v, 12));
  });

  it('refuses a binning that is not a positive integer', () => {
    expect(() => binImage(new Uint8Array(4), 2, 2, 0)).toThrow(/positive integer/);
    expect(() => binImage(new Uint8Array(4), 2, 2, 1.5)).toThrow(/positive integer/);
  });
});

describe('LatestPacer', () => {
  it('bins to the display: never fewer image pixels than the display shows of it', () => {
    expect(new LatestPacer({ width: 1600, height: 1000 }).binFor(2048, 2048, 2, 2)).toBe(2); // shown at most 1000 px high
    expect(new LatestPacer({ width: 600, height: 600 }).binFor(2048, 2048, 2, 2)).toBe(3); // 683 px >= 600
    expect(new LatestPacer({ width: 3840, height: 2160 }).binFor(2048, 2048, 2, 2)).toBe(1);
    expect(new LatestPacer(null).binFor(2048, 2048, 2, 2)).toBe(2); // no display given: the default
    expect(new LatestPacer({ width: 10, height: 10 }).binFor(2048, 2048, 2, 1)).toBe(MAX_BIN);
  });

  it('bins more once a frame would take longer than its budget at the measured intake', () => {
    const pacer = new LatestPacer({ width: 1600, height: 1000 });
    // A 2 MB frame (1024² u2) acknowledged 1.7 s after it was sent: ~1.2 kB/ms.
    pacer.sent(1, 1024 * 1024 * 2, 0);
    expect(pacer.taken(1, 1700, false)).toBe(false);
    const rate = (1024 * 1024 * 2) / 1700;
    expect(pacer.rate).toBeCloseTo(rate, 9);
    const bin = pacer.binFor(2048, 2048, 2, 2);
    // The smallest binning whose frame fits 300 ms at that rate.
    const fits = (b: number) => Math.ceil(2048 / b) ** 2 * 2 <= rate * 300;
    expect(fits(bin)).toBe(true);
    expect(fits(bin - 1)).toBe(false);
    // A client that gave no display keeps the default binning whatever its intake.
    const plain = new LatestPacer(null);
    plain.sent(1, 1024 * 1024 * 2, 0);
    plain.taken(1, 1700, false);
    expect(plain.binFor(2048, 2048, 2, 2)).toBe(2);
  });

  it('keeps one frame in flight per stream and owes the newest to a client still taking one in', () => {
    const pacer = new LatestPacer(null);
    expect(pacer.offer(7)).toBe(true);
    pacer.sent(7, 1000, 0);
    expect(pacer.offer(7)).toBe(false); // newer frame while 7's is in flight: owed
    expect(pacer.offer(8)).toBe(true); // other streams are independent
    expect(pacer.taken(7, 10, false)).toBe(true); // taken in: the owed newest may go now
    expect(pacer.offer(7)).toBe(true);
    pacer.sent(7, 1000, 20);
    expect(pacer.taken(7, 30, false)).toBe(false); // nothing newer came meanwhile
    expect(pacer.taken(7, 40, false)).toBe(false); // an ack for nothing in flight changes nothing
  });

  it('halves its intake estimate when a frame is never acknowledged', () => {
    const pacer = new LatestPacer(null);
    pacer.sent(1, 1000, 0);
    pacer.taken(1, 10, false);
    expect(pacer.rate).toBe(100);
    pacer.sent(1, 1000, 20);
    pacer.taken(1, 3020, true);
    expect(pacer.rate).toBe(50);
  });
});
