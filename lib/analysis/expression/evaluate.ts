/**
 * Compiled channel expressions, evaluated element-wise over whole arrays (one tight loop per operator, no
 * per-point tree walk). A point where the math is undefined (x/0, log of 0 or of a negative, ...) is NaN, a
 * gap in the plot, not an error, as `normalize` does for a zero monitor; channels of different lengths (a
 * live scan) give the length of the shortest.
 */
import { channelResolver } from './channel-names';
import { FUNCTIONS, parseExpression, type ExpressionNode } from './parse';

export type ChannelValues = (channel: string) => ArrayLike<number> | undefined;

export interface CompiledExpression {
  source: string;
  tree: ExpressionNode;
  /** Full names of the channels the expression reads, each once, in order of appearance. */
  channels: string[];
  /**
   * Values of the expression. `length` is used when the expression reads no channel (a constant);
   * throws when a channel it reads has no data.
   */
  evaluate(values: ChannelValues, length?: number): Float64Array;
}

function channelsOf(node: ExpressionNode, into: string[]): string[] {
  switch (node.kind) {
    case 'channel':
      if (!into.includes(node.channel)) into.push(node.channel);
      break;
    case 'negate':
    case 'call':
      channelsOf(node.arg, into);
      break;
    case 'binary':
      channelsOf(node.left, into);
      channelsOf(node.right, into);
      break;
  }
  return into;
}

function run(node: ExpressionNode, data: Map<string, ArrayLike<number>>, n: number): Float64Array {
  const out = new Float64Array(n);
  switch (node.kind) {
    case 'number':
      out.fill(node.value);
      return out;
    case 'channel': {
      const src = data.get(node.channel)!;
      for (let i = 0; i < n; i++) out[i] = Number(src[i]);
      return out;
    }
    case 'negate': {
      const a = run(node.arg, data, n);
      for (let i = 0; i < n; i++) a[i] = -a[i]!;
      return a;
    }
    case 'call': {
      const a = run(node.arg, data, n);
      const fn = FUNCTIONS[node.fn];
      for (let i = 0; i < n; i++) a[i] = fn(a[i]!);
      return a;
    }
    case 'binary': {
      const a = run(node.left, data, n);
      const b = run(node.right, data, n);
      switch (node.op) {
        case '+':
          for (let i = 0; i < n; i++) a[i] = a[i]! + b[i]!;
          break;
        case '-':
          for (let i = 0; i < n; i++) a[i] = a[i]! - b[i]!;
          break;
        case '*':
          for (let i = 0; i < n; i++) a[i] = a[i]! * b[i]!;
          break;
        case '/':
          for (let i = 0; i < n; i++) a[i] = a[i]! / b[i]!;
          break;
        case '^':
          for (let i = 0; i < n; i++) a[i] = a[i]! ** b[i]!;
          break;
      }
      return a;
    }
  }
}

/**
 * Parses `source` against the scan's channel names (full Bliss names; short names and scan_info display
 * names, full name → display name in `displayNames`, are resolved when unambiguous). Throws ExpressionError (with the character position) for syntax errors, unknown or
 * ambiguous channels and unknown functions.
 */
export function compileExpression(
  source: string,
  channelNames: Iterable<string>,
  displayNames?: Readonly<Record<string, string>>,
): CompiledExpression {
  const tree = parseExpression(source, channelResolver(channelNames, displayNames));
  const channels = channelsOf(tree, []);
  return {
    source,
    tree,
    channels,
    evaluate(values, length = 1) {
      const data = new Map<string, ArrayLike<number>>();
      let n = channels.length ? Infinity : length;
      for (const c of channels) {
        const v = values(c);
        if (!v) throw new Error(`no data for channel "${c}" used in "${source}"`);
        data.set(c, v);
        n = Math.min(n, v.length);
      }
      const out = run(tree, data, n);
      for (let i = 0; i < n; i++) if (out[i]! - out[i]! !== 0) out[i] = NaN;
      return out;
    },
  };
}
