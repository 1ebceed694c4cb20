import { describe, expect, it } from 'vitest';
import { FIRST_FRAME_BYTES, FRAME_BUDGET_MS, LatestPacer, MAX_BIN } from './latest-pacing';
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

/** A pacer whose viewer took a small frame in at once, then 8 MB in 40 ms (a fast link). */
function measured(display: { width: number; height: number }): LatestPacer {
  const pacer = new LatestPacer(display);
  pacer.sent(1, 32 * 1024, 0);
  pacer.taken(1, 1, false);
  pacer.sent(1, 8 * 1024 * 1024, 10);
  pacer.taken(1, 51, false);
  return pacer;
}

describe('LatestPacer', () => {
  it('bins to the display: never fewer image pixels than the display shows of it', () => {
    expect(measured({ width: 1600, height: 1000 }).binFor(2048, 2048, 2, 2)).toBe(2); // shown at most 1000 px high
    expect(measured({ width: 600, height: 600 }).binFor(2048, 2048, 2, 2)).toBe(3); // 683 px >= 600
    expect(measured({ width: 3840, height: 2160 }).binFor(2048, 2048, 2, 2)).toBe(1);
    expect(new LatestPacer(null).binFor(2048, 2048, 2, 2)).toBe(2); // no display given: the default
    expect(new LatestPacer({ width: 10, height: 10 }).binFor(2048, 2048, 2, 1)).toBe(MAX_BIN);
  });

  it('sends a small first frame to a viewer whose link is not measured yet', () => {
    const pacer = new LatestPacer({ width: 1600, height: 1000 });
    const bin = pacer.binFor(2048, 2048, 2, 2);
    expect(Math.ceil(2048 / bin) ** 2 * 2).toBeLessThanOrEqual(FIRST_FRAME_BYTES);
    expect(Math.ceil(2048 / (bin - 1)) ** 2 * 2).toBeGreaterThan(FIRST_FRAME_BYTES);
  });

  it('bins so that round trip + bytes / bandwidth fits the budget, the round trip taken out of the bandwidth', () => {
    const pacer = new LatestPacer({ width: 1600, height: 1000 });
    // A 10 Mbit/s line (1250 bytes/ms) with a 100 ms round trip: ack time = 100 + bytes / 1250.
    const ack = (bytes: number) => 100 + bytes / 1250;
    let t = 0;
    const sizes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const bin = pacer.binFor(2048, 2048, 2, 2);
      const bytes = Math.ceil(2048 / bin) ** 2 * 2;
      sizes.push(bytes);
      pacer.sent(1, bytes, t);
      t += ack(bytes);
      pacer.taken(1, t, false);
    }
    // The round trip is the smallest ack time seen: the first, small frame's.
    expect(pacer.intake.rttMs).toBeCloseTo(ack(sizes[0]!), 9);
    // Frames grow from the small first one to the largest binning whose true ack time fits 300 ms
    // (6×6: 342² u2, 234 kB, 287 ms; 5×5 would take 369 ms), and stay there.
    const last = sizes.at(-1)!;
    expect(ack(last)).toBeLessThanOrEqual(FRAME_BUDGET_MS);
    expect(last).toBe(Math.ceil(2048 / 6) ** 2 * 2);
    expect(sizes.slice(-4).every((b) => b === last)).toBe(true);
    // Net of the round trip the bandwidth is the line's 1250 bytes/ms (the gross rate of those frames,
    // bytes over the whole ack time, is 815).
    expect(pacer.intake.bandwidth!).toBeCloseTo(1250, 6);
  });

  it('a busy page (slow acks) gets coarser frames at once, a client that gave no display keeps the default', () => {
    const pacer = new LatestPacer({ width: 1600, height: 1000 });
    // LAN: 2 ms round trip, 100 MB/s. Frames double from the small first one up to the display's 2×2.
    let t = 0;
    const bins: number[] = [];
    for (let i = 0; i < 10 && bins.at(-1) !== 2; i++) {
      const bin = pacer.binFor(2048, 2048, 2, 2);
      bins.push(bin);
      const bytes = Math.ceil(2048 / bin) ** 2 * 2;
      pacer.sent(1, bytes, t);
      t += 2 + bytes / 1e5;
      pacer.taken(1, t, false);
    }
    expect(bins[0]).toBe(16);
    expect(bins.at(-1)).toBe(2);
    expect(bins.length).toBeLessThanOrEqual(8);
    // The page then takes 1.7 s to take a 2 MB frame in: the next one is sized to that intake at once.
    pacer.sent(1, 2 * 1024 * 1024, t);
    pacer.taken(1, t + 1700, false);
    const bin = pacer.binFor(2048, 2048, 2, 2);
    // Predicted ack time: the round trip's frame plus the extra bytes at the slope of the slow ack.
    const { rttMs, rttBytes, bandwidth } = pacer.intake;
    expect(bandwidth).toBeCloseTo((2 * 1024 * 1024 - rttBytes) / (1700 - rttMs!), 6);
    const predicted = (b: number) => rttMs! + (Math.ceil(2048 / b) ** 2 * 2 - rttBytes) / bandwidth!;
    expect(predicted(bin)).toBeLessThanOrEqual(FRAME_BUDGET_MS);
    expect(predicted(bin - 1)).toBeGreaterThan(FRAME_BUDGET_MS);
    expect(bin).toBeGreaterThan(3);
    const plain = new LatestPacer(null);
    plain.sent(1, 1024 * 1024 * 2, 0);
    plain.taken(1, 1700, false);
    expect(plain.binFor(2048, 2048, 2, 2)).toBe(2);
  });

  it('a round trip longer than the budget still lets a frame take a third of it to carry', () => {
    const pacer = new LatestPacer({ width: 1600, height: 1000 });
    // 700 ms round trip (a busy server or page), 1250 bytes/ms.
    let t = 0;
    let bytes = 0;
    for (let i = 0; i < 12; i++) {
      const bin = pacer.binFor(2048, 2048, 2, 2);
      bytes = Math.ceil(2048 / bin) ** 2 * 2;
      pacer.sent(1, bytes, t);
      t += 700 + bytes / 1250;
      pacer.taken(1, t, false);
    }
    // Not stuck at the coarsest binning: frames of up to 100 ms on the line at the bandwidth measured.
    expect(bytes).toBeGreaterThan(FIRST_FRAME_BYTES);
    expect(bytes / pacer.intake.bandwidth!).toBeLessThanOrEqual(FRAME_BUDGET_MS / 3);
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

  it('halves its bandwidth when a frame is never acknowledged, and forgets old slopes', () => {
    const pacer = new LatestPacer(null);
    pacer.sent(1, 1000, 0);
    pacer.taken(1, 10, false);
    pacer.sent(1, 4000, 20);
    pacer.taken(1, 60, false); // 3000 more bytes in 30 more ms than the 10 ms round trip's frame
    expect(pacer.intake.bandwidth).toBeCloseTo(3000 / 30, 9);
    pacer.sent(1, 1000, 100);
    pacer.taken(1, 3100, true);
    expect(pacer.intake.bandwidth).toBeCloseTo(3000 / 60, 9);
    // A late ack of a small frame (jitter) is no slope; after 5 s without one the slow start resumes.
    pacer.sent(1, 1000, 3200);
    pacer.taken(1, 3900, false);
    expect(pacer.intake.bandwidth).toBeCloseTo(3000 / 60, 9);
    pacer.sent(1, 1000, 9000);
    pacer.taken(1, 9010, false);
    expect(pacer.intake.bandwidth).toBeNull();
  });
});
