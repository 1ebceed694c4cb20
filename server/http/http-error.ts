/** An error answered with its own HTTP status (bad parameters, refused sizes). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A query or path integer; safe integers only (beyond 2^53 indices are not exact, Redis ids stop at 2^64). */
export function intParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new HttpError(400, `${name} must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}
