/**
 * Tokens of a channel expression such as `log(I0 / It)` or `simulation_diode_sampling_controller:diode1 / mon`.
 * Channel names are Bliss names: identifier segments joined by `:` (`axis:roby`,
 * `lima_simulator:roi_counters:roi1_sum`); any other name can be written between backquotes or double quotes.
 */
import { ExpressionError } from './errors';

export type Token =
  | { kind: 'number'; value: number; at: number; text: string }
  | { kind: 'name'; value: string; at: number; text: string }
  | { kind: 'op'; value: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; at: number; text: string }
  | { kind: 'end'; at: number; text: string };

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_.]*(?::[A-Za-z0-9_.]+)*/y;
const OPS = '+-*/^(),';

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '*' && source[i + 1] === '*') {
      // Python's power operator, as typed by Bliss users.
      tokens.push({ kind: 'op', value: '^', at: i, text: '**' });
      i += 2;
      continue;
    }
    if (OPS.includes(c)) {
      tokens.push({ kind: 'op', value: c as '+', at: i, text: c });
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i, text: number[0] });
      i += number[0].length;
      if (/[A-Za-z_]/.test(source[i] ?? '')) throw new ExpressionError(`unexpected "${source[i]}" after number ${number[0]}`, i);
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ kind: 'name', value: name[0], at: i, text: name[0] });
      i += name[0].length;
      continue;
    }
    if (c === '`' || c === '"') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) throw new ExpressionError(`unclosed ${c} quote`, i);
      const value = source.slice(i + 1, close);
      if (!value) throw new ExpressionError('empty quoted channel name', i);
      tokens.push({ kind: 'name', value, at: i, text: source.slice(i, close + 1) });
      i = close + 1;
      continue;
    }
    throw new ExpressionError(`unexpected character "${c}"`, i);
  }
  tokens.push({ kind: 'end', at: source.length, text: '' });
  return tokens;
}
