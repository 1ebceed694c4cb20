import { describe, expect, it } from 'vitest';
import { differenceToReference } from './compare';
import { toCsv } from './csv-export';

describe('differenceToReference', () => {
  it('subtracts the reference read at the curve x', () => {
    // Reference y = 2x on 0..4 with a gap at x = 3; curve y = 10 at x = 0.5, 1.5, 2.5, 3.5, 5.
    const d = differenceToReference([0.5, 1.5, 2.5, 3.5, 5], [10, 10, 10, 10, 10], [0, 1, 2, 3, 4], [0, 2, 4, NaN, 8]);
    expect(Array.from(d)).toEqual([9, 7, NaN, NaN, NaN]);
  });

  it('compares back-and-forth scans on their latest pass', () => {
    const d = differenceToReference([0.5], [1], [0, 1, 0], [0, 1, 3]);
    expect(d[0]).toBe(-1); // latest pass: from (1, 1) back to (0, 3), at 0.5 → 2
  });
});

describe('toCsv', () => {
  it('writes columns side by side, gaps empty', () => {
    const csv = toCsv([
      { name: 'axis:roby', values: Float64Array.from([0, 0.1, 0.2]) },
      { name: 'diode "1", raw', values: [1e-7, NaN] },
    ]);
    expect(csv).toBe('axis:roby,"diode ""1"", raw"\r\n0,1e-7\r\n0.1,\r\n0.2,\r\n');
  });

  it('takes another separator and refuses a bad one', () => {
    expect(toCsv([{ name: 'a', values: [1] }, { name: 'b', values: [2] }], ';')).toBe('a;b\r\n1;2\r\n');
    expect(() => toCsv([], '"')).toThrow('CSV separator must be one character');
    expect(toCsv([])).toBe('\r\n');
  });

  it('never lets a channel name become a spreadsheet formula', () => {
    expect(toCsv([{ name: '=HYPERLINK("x")', values: [] }, { name: '@sum', values: [] }])).toBe(`"'=HYPERLINK(""x"")",'@sum\r\n`);
  });
});
