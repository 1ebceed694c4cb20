/** A bad expression: the message names the problem, `position` is the 0-based character where it is. */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} (at character ${position + 1})`);
  }
}
