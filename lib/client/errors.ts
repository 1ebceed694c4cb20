/**
 * The one place the browser turns what the server says went wrong into what the view shows: REST
 * errors (`{ error, type }`, `type` the server's error class name, with the HTTP status) and socket
 * refusals (`connect_error` whose `data` is a ConnectErrorData). Callers branch on the results of
 * `readProblem` and `connectErrorCode`, never on message text nor on status numbers of their own.
 */
import type { ConnectErrorData, ErrorCode } from '../wire/contract';
import type { HttpErrorType } from '../wire/http-errors';

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

/** What went wrong reading a frame or a slice, as a plot words it. */
export type ReadProblem = 'not-saved' | 'missing' | 'forbidden' | 'expired' | 'out-of-range' | 'unsupported' | 'too-large' | 'network' | 'server';

/** Refusals of a request (lib/wire/http-errors.ts) by what they mean to a viewer: one for each. */
const PROBLEM_OF_REFUSAL: Readonly<Record<HttpErrorType, ReadProblem>> = {
  BadRequest: 'unsupported',
  Unauthorized: 'forbidden',
  Forbidden: 'forbidden',
  OriginNotAllowed: 'forbidden',
  NoRoute: 'missing',
  MethodNotAllowed: 'server',
  BodyTooLarge: 'too-large',
  SliceTooLarge: 'too-large',
  UnsupportedMediaType: 'server',
  StreamUnreadable: 'unsupported',
  RateLimited: 'server',
};

/** The server's error types (`type` of a REST error body) by what they mean to a viewer. */
const PROBLEM_OF_TYPE: Readonly<Record<string, ReadProblem>> = {
  ...PROBLEM_OF_REFUSAL,
  FrameNotSavedYetError: 'not-saved',
  IndexNotYetThereError: 'not-saved',
  ScanNotFoundError: 'missing',
  ScanNotSavedError: 'missing',
  StreamNotFoundError: 'missing',
  FileMissingError: 'missing',
  DatasetMissingError: 'missing',
  EntryMissingError: 'missing',
  IndexOutOfRangeError: 'missing',
  IndexWontBeThereError: 'missing',
  PathNotAllowedError: 'forbidden',
  IndexNoMoreThereError: 'expired',
  ReadTooLargeError: 'too-large',
  UnsupportedStreamError: 'unsupported',
  UnsupportedLimaFormatError: 'unsupported',
  LimaNotSavedError: 'unsupported',
  NotHdf5Error: 'unsupported',
  UnsupportedDatasetError: 'unsupported',
  Hdf5Error: 'unsupported',
};

/**
 * What a failed read means to the viewer: from the server's error `type` when it names one, else from
 * the HTTP status (a proxy's own page, an older server).
 */
export function readProblem(status: number, type: string | null): ReadProblem {
  const byType = type === null ? undefined : PROBLEM_OF_TYPE[type];
  if (byType) return byType;
  switch (status) {
    case 409:
      return 'not-saved';
    case 404:
      return 'missing';
    case 401:
    case 403:
      return 'forbidden';
    case 410:
      return 'expired';
    case 416:
      return 'out-of-range';
    case 413:
      return 'too-large';
    case 400:
    case 422:
      return 'unsupported';
    default:
      return 'server';
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>(['bad-request', 'not-found', 'forbidden', 'protocol', 'unavailable', 'too-many', 'internal']);

/**
 * The typed code of a socket.io `connect_error`: the server's `data.code` for a refusal by its
 * handshake (`protocol`: another wire protocol, a reload is needed), `forbidden` for a sign-in
 * refusal (`data.type` only), null for a transport failure (server unreachable, timeout).
 */
export function connectErrorCode(error: Error): ErrorCode | null {
  const data = (error as Error & { data?: Partial<ConnectErrorData> | null }).data;
  if (!data || typeof data !== 'object') return null;
  if (typeof data.code === 'string' && ERROR_CODES.has(data.code)) return data.code;
  return typeof data.type === 'string' ? 'forbidden' : null;
}
