/**
 * How many points or frames there are and how they are numbered: indices start at 0 as in Bliss, so
 * "point 7 / 19" on a 20-point scan read as a count off by one. Says "20 points: 0–19".
 */
export function indexRange(count: number, noun = 'of'): string {
  if (count <= 0) return 'none yet';
  return count === 1 ? `${noun} 1: index 0` : `${noun} ${count}: 0–${count - 1}`;
}
