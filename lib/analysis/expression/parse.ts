/**
 * Recursive-descent parser for channel expressions: + - * / ^ (also **), unary minus, parentheses, and the
 * functions below. `^` binds tighter than unary minus and is right-associative (`-2^2` = -4, `2^3^2` = 512),
 * as in Python and in mathematics. Never uses eval/Function: the result is a tree evaluated by evaluate.ts.
 */
import type { ChannelLookup } from './channel-names';
import { ExpressionError } from './errors';
import { tokenize, type Token } from './tokenize';

export const FUNCTIONS = {
  log: Math.log,
  ln: Math.log,
  log10: Math.log10,
  exp: Math.exp,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
} as const satisfies Record<string, (v: number) => number>;

export type FunctionName = keyof typeof FUNCTIONS;

export type ExpressionNode =
  | { kind: 'number'; value: number }
  | { kind: 'channel'; channel: string }
  | { kind: 'negate'; arg: ExpressionNode }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: ExpressionNode; right: ExpressionNode }
  | { kind: 'call'; fn: FunctionName; arg: ExpressionNode };

function describe(t: Token): string {
  return t.kind === 'end' ? 'end of expression' : `"${t.text}"`;
}

export function parseExpression(source: string, lookup: ChannelLookup): ExpressionNode {
  if (!source.trim()) throw new ExpressionError('empty expression', 0);
  const tokens = tokenize(source);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const isOp = (t: Token, op: string): t is Extract<Token, { kind: 'op' }> => t.kind === 'op' && t.value === op;
  const expect = (op: string, context: string): void => {
    const t = peek();
    if (!isOp(t, op)) throw new ExpressionError(`expected "${op}" ${context}, found ${describe(t)}`, t.at);
    k++;
  };

  function additive(): ExpressionNode {
    let left = multiplicative();
    for (let t = peek(); isOp(t, '+') || isOp(t, '-'); t = peek()) {
      k++;
      left = { kind: 'binary', op: t.value as '+' | '-', left, right: multiplicative() };
    }
    return left;
  }

  function multiplicative(): ExpressionNode {
    let left = unary();
    for (let t = peek(); isOp(t, '*') || isOp(t, '/'); t = peek()) {
      k++;
      left = { kind: 'binary', op: t.value as '*' | '/', left, right: unary() };
    }
    return left;
  }

  function unary(): ExpressionNode {
    const t = peek();
    if (isOp(t, '-')) {
      k++;
      return { kind: 'negate', arg: unary() };
    }
    if (isOp(t, '+')) {
      k++;
      return unary();
    }
    return power();
  }

  function power(): ExpressionNode {
    const base = primary();
    if (isOp(peek(), '^')) {
      k++;
      return { kind: 'binary', op: '^', left: base, right: unary() };
    }
    return base;
  }

  function primary(): ExpressionNode {
    const t = peek();
    if (t.kind === 'number') {
      k++;
      return { kind: 'number', value: t.value };
    }
    if (t.kind === 'name') {
      k++;
      if (isOp(peek(), '(') && t.text === t.value) {
        if (!Object.hasOwn(FUNCTIONS, t.value)) {
          throw new ExpressionError(`unknown function "${t.value}" (known: ${Object.keys(FUNCTIONS).join(', ')})`, t.at);
        }
        k++;
        const arg = additive();
        if (isOp(peek(), ',')) throw new ExpressionError(`${t.value}() takes one argument`, peek().at);
        expect(')', `to close ${t.value}(`);
        return { kind: 'call', fn: t.value as FunctionName, arg };
      }
      const found = lookup(t.value);
      if ('error' in found) throw new ExpressionError(found.error, t.at);
      return { kind: 'channel', channel: found.channel };
    }
    if (isOp(t, '(')) {
      k++;
      const inner = additive();
      expect(')', `to close "(" at character ${t.at + 1}`);
      return inner;
    }
    throw new ExpressionError(`expected a number, channel or "(", found ${describe(t)}`, t.at);
  }

  const tree = additive();
  const rest = peek();
  if (rest.kind !== 'end') throw new ExpressionError(`unexpected ${describe(rest)}`, rest.at);
  return tree;
}
