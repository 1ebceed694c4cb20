import { describe, expect, it } from 'vitest';
import { curveProbe, formatPosition, motorOfChannel, moveCommand, positionDecimals } from './cursor';

describe('curveProbe', () => {
  it('interpolates on ascending x, not beyond the data', () => {
    const p = curveProbe([0, 1, 2, 4], [10, 20, 0, 8]);
    expect(p.monotonic).toBe(true);
    expect(p.at(0.25)).toBe(12.5);
    expect(p.at(1)).toBe(20);
    expect(p.at(3)).toBe(4);
    expect(p.at(4)).toBe(8);
    expect(p.at(0)).toBe(10);
    expect(p.at(-0.1)).toBeNaN();
    expect(p.at(4.1)).toBeNaN();
    expect(p.at(NaN)).toBeNaN();
    expect(p.allAt(1.5)).toEqual([10]);
  });

  it('interpolates on descending x', () => {
    const p = curveProbe([5, 4, 2], [0, 1, 5]);
    expect(p.monotonic).toBe(true);
    expect(p.at(3)).toBe(3);
    expect(p.at(4.5)).toBe(0.5);
    expect(p.at(5)).toBe(0);
    expect(p.at(1)).toBeNaN();
  });

  it('reads the latest point where a motor stood still', () => {
    const p = curveProbe([0, 1, 1, 2], [0, 5, 7, 9]);
    expect(p.at(1)).toBe(7);
    expect(p.at(1.5)).toBe(8);
  });

  it('breaks the curve at non-finite points', () => {
    const p = curveProbe([0, 1, NaN, 3, 4], [0, 10, 5, 30, NaN]);
    expect(p.monotonic).toBe(true);
    expect(p.at(0.5)).toBe(5);
    expect(p.at(2)).toBeNaN(); // between 1 and 3 the point at NaN x broke the line
    expect(p.at(3)).toBe(30);
    expect(p.at(3.5)).toBeNaN(); // y NaN at 4
  });

  it('gives every crossing of a back-and-forth scan, the latest first for the readout', () => {
    // There at x = 0..2 (y = x), back at 2..0 (y = 10 + x).
    const p = curveProbe([0, 1, 2, 2, 1, 0], [0, 1, 2, 12, 11, 10]);
    expect(p.monotonic).toBe(false);
    expect(p.allAt(0.5)).toEqual([0.5, 10.5]);
    expect(p.at(0.5)).toBe(10.5);
    expect(p.allAt(2)).toEqual([2, 12]);
    expect(p.allAt(1)).toEqual([1, 11]);
    expect(p.at(2)).toBe(12);
    expect(p.at(3)).toBeNaN();
  });

  it('finds the nearest point', () => {
    const p = curveProbe([0, 1, 2, 1.4], [0, 1, NaN, 3]);
    expect(p.nearest(1.8)).toBe(3);
    expect(p.nearest(-5)).toBe(0);
    expect(curveProbe([NaN], [1]).nearest(0)).toBe(-1);
  });

  it('handles one point and empty curves', () => {
    expect(curveProbe([2], [7]).at(2)).toBe(7);
    expect(curveProbe([2], [7]).at(2.5)).toBeNaN();
    expect(curveProbe([], []).at(0)).toBeNaN();
  });
});

describe('move command', () => {
  it('names the motor of an axis channel only', () => {
    expect(motorOfChannel('axis:roby')).toBe('roby');
    expect(motorOfChannel('timer:elapsed_time')).toBeUndefined();
    expect(motorOfChannel('axis:a:b')).toBeUndefined();
  });

  it('rounds to the motor decimals, else to the pixel', () => {
    expect(moveCommand('roby', 0.352149, { decimals: 4 })).toBe('mv roby 0.3521');
    expect(moveCommand('roby', 0.352149, { decimals: 3, pixelSize: 1e-6 })).toBe('mv roby 0.352');
    expect(moveCommand('roby', 0.352149, { pixelSize: 0.0013 })).toBe('mv roby 0.352');
    expect(moveCommand('roby', 12.5, { pixelSize: 0.5 })).toBe('mv roby 12.5');
    expect(moveCommand('sampx', 1234.56, { pixelSize: 20 })).toBe('mv sampx 1235');
    expect(moveCommand('roby', 0.352149)).toBe('mv roby 0.3521');
    expect(moveCommand('roby', -0.00001, { decimals: 2, command: 'umv' })).toBe('umv roby 0.00');
  });

  it('refuses what Bliss would not accept', () => {
    expect(() => moveCommand('ro by', 1)).toThrow('"ro by" is not a Bliss motor name');
    expect(() => moveCommand('roby', NaN)).toThrow('cannot move roby to NaN');
  });

  it('computes decimals', () => {
    expect(positionDecimals({ pixelSize: 0.01 })).toBe(2);
    expect(positionDecimals({ pixelSize: 0.011 })).toBe(2);
    expect(positionDecimals({ pixelSize: 0.0099 })).toBe(3);
    expect(positionDecimals({ decimals: -1 })).toBe(4);
    expect(formatPosition(-0.0004, 3)).toBe('0.000');
    expect(formatPosition(-0.4, 0)).toBe('0');
    expect(formatPosition(-1.5, 1)).toBe('-1.5');
  });
});
