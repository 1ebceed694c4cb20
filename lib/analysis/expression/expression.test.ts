import { describe, expect, it } from 'vitest';
import { ExpressionError } from './errors';
import { compileExpression } from './evaluate';

const CHANNELS = [
  'axis:roby',
  'simulation_diode_sampling_controller:diode1',
  'simulation_diode_sampling_controller:diode2',
  'other_controller:diode2',
  'p201:mon',
  'p201:I0',
  'p201:It',
  'lima_simulator:roi_counters:roi1_sum',
  'weird-name',
];

const DATA: Record<string, Float64Array> = {
  'simulation_diode_sampling_controller:diode1': Float64Array.from([10, 20, 30, 40]),
  'p201:mon': Float64Array.from([2, 4, 0, 8]),
  'p201:I0': Float64Array.from([100, 100, 50, 10]),
  'p201:It': Float64Array.from([10, 100, 100, 10]),
  'lima_simulator:roi_counters:roi1_sum': Float64Array.from([1, 2, 3]),
  'weird-name': Float64Array.from([5, 6, 7, 8]),
};
const values = (c: string) => DATA[c];

function evaluate(source: string, length?: number): number[] {
  return Array.from(compileExpression(source, CHANNELS).evaluate(values, length));
}

function errorOf(source: string): { reason: string; position: number } {
  try {
    compileExpression(source, CHANNELS);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    const err = e as ExpressionError;
    expect(err.message).toBe(`${err.reason} (at character ${err.position + 1})`);
    return { reason: err.reason, position: err.position };
  }
  throw new Error(`"${source}" compiled`);
}

describe('channel expressions', () => {
  it('divides a diode by a monitor, by short or full names', () => {
    expect(evaluate('diode1 / mon')).toEqual([5, 5, NaN, 5]);
    expect(evaluate('simulation_diode_sampling_controller:diode1/p201:mon')).toEqual([5, 5, NaN, 5]);
    expect(compileExpression('diode1 / mon + diode1', CHANNELS).channels).toEqual([
      'simulation_diode_sampling_controller:diode1',
      'p201:mon',
    ]);
  });

  it('computes an absorbance', () => {
    expect(evaluate('log(I0 / It)')).toEqual([Math.log(10), 0, Math.log(0.5), 0]);
    expect(evaluate('log10(I0/It)')).toEqual([1, 0, Math.log10(0.5), 0]);
  });

  it('follows operator precedence and associativity', () => {
    expect(evaluate('1 + 2 * 3 - 4 / 2')).toEqual([5]);
    expect(evaluate('-2^2')).toEqual([-4]);
    expect(evaluate('2^3^2')).toEqual([512]);
    expect(evaluate('2**-1')).toEqual([0.5]);
    expect(evaluate('(1 + 2) * 3')).toEqual([9]);
    expect(evaluate('10 - 4 - 3')).toEqual([3]);
    expect(evaluate('--3 + +1')).toEqual([4]);
    expect(evaluate('1.5e2 + .5 + 2E-1')).toEqual([150.7]);
    expect(evaluate('sqrt(16) + abs(-3) + exp(0) + sin(0) + cos(0) + ln(1)')).toEqual([9]);
    expect(evaluate('3', 4)).toEqual([3, 3, 3, 3]);
    expect(evaluate('log(0) + 1/0 + sqrt(-1)')).toEqual([NaN]);
  });

  it('evaluates element-wise to the shortest channel', () => {
    expect(evaluate('roi1_sum * diode1')).toEqual([10, 40, 90]);
    expect(evaluate('lima_simulator:roi_counters:roi1_sum')).toEqual([1, 2, 3]);
    expect(evaluate('-diode1 + `weird-name`')).toEqual([-5, -14, -23, -32]);
    expect(evaluate('"weird-name" * 2')).toEqual([10, 12, 14, 16]);
  });

  it('accepts a :-suffix that picks one channel', () => {
    expect(compileExpression('simulation_diode_sampling_controller:diode2', CHANNELS).channels).toEqual([
      'simulation_diode_sampling_controller:diode2',
    ]);
  });

  it('resolves scan_info display names (e.g. Bliss aliases)', () => {
    const display = { 'simulation_diode_sampling_controller:diode1': 'mydiode', 'p201:mon': 'monitor', 'p201:I0': 'monitor' };
    expect(compileExpression('mydiode * 2', CHANNELS, display).evaluate(values)).toEqual(Float64Array.from([20, 40, 60, 80]));
    expect(() => compileExpression('monitor', CHANNELS, display)).toThrow('"monitor" is ambiguous: p201:mon, p201:I0');
    // A full name wins over a display name equal to it.
    expect(compileExpression('p201:It', CHANNELS, { 'p201:I0': 'p201:It' }).channels).toEqual(['p201:It']);
  });

  it('reports errors with their position', () => {
    expect(errorOf('diode1 / monitor')).toEqual({ reason: 'unknown channel "monitor"', position: 9 });
    expect(errorOf('diode2 + 1')).toEqual({
      reason: '"diode2" is ambiguous: simulation_diode_sampling_controller:diode2, other_controller:diode2',
      position: 0,
    });
    expect(errorOf('log(I0 / It')).toEqual({ reason: 'expected ")" to close log(, found end of expression', position: 11 });
    expect(errorOf('(1 + 2')).toEqual({ reason: 'expected ")" to close "(" at character 1, found end of expression', position: 6 });
    expect(errorOf('diode1 * * 2')).toEqual({ reason: 'expected a number, channel or "(", found "*"', position: 9 });
    expect(errorOf('diode1 2')).toEqual({ reason: 'unexpected "2"', position: 7 });
    expect(errorOf('foo(diode1)')).toEqual({
      reason: 'unknown function "foo" (known: log, ln, log10, exp, sqrt, abs, sin, cos, tan)',
      position: 0,
    });
    expect(errorOf('diode1 $ 2')).toEqual({ reason: 'unexpected character "$"', position: 7 });
    expect(errorOf('2x')).toEqual({ reason: 'unexpected "x" after number 2', position: 1 });
    expect(errorOf('`abc')).toEqual({ reason: 'unclosed ` quote', position: 0 });
    expect(errorOf('  ')).toEqual({ reason: 'empty expression', position: 0 });
    expect(errorOf('log(1, 2)')).toEqual({ reason: 'log() takes one argument', position: 5 });
    // Names that would reach JavaScript internals are just unknown.
    expect(errorOf('constructor(1)').reason).toMatch(/^unknown function "constructor"/);
    expect(errorOf('__proto__').reason).toBe('unknown channel "__proto__"');
  });

  it('says which channel has no data', () => {
    expect(() => compileExpression('axis:roby * 2', CHANNELS).evaluate(values)).toThrow('no data for channel "axis:roby" used in "axis:roby * 2"');
  });
});
