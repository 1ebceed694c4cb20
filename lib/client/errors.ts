/**
 * REST errors as the client sees them: the server answers `{ error, type }` (the error class name) with
 * the HTTP status; callers branch on `status` and `type`, never on the message text.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The server's error type (`ScanNotFoundError`...), null when the body was not Lantern's. */
    readonly type: string | null,
    /** The rest of the body (e.g. `lastReadable` of FrameNotSavedYetError). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads a failed response's body into an ApiError whose message says what failed (`what: reason`). */
export async function responseError(response: Response, what: string): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ({ error?: unknown; type?: unknown } & Record<string, unknown>) | null;
  const reason = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
  return new ApiError(`${what}: ${reason}`, response.status, typeof body?.type === 'string' ? body.type : null, body ?? {});
}
