/**
 * `type` of a REST error body when the request itself is refused (a parameter, a size, the body, the
 * method, the caller), each with the HTTP status it is sent with. Failures while reading data carry the
 * name of the server's error class instead (ScanNotFoundError, ReadTooLargeError...). Shared so that the
 * browser's mapping (lib/client/errors.ts) must name a meaning for every one of them.
 */
export const HTTP_ERROR_STATUS = {
  /** A query, path or body value the route cannot use; the message names it and what is allowed. */
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  /** A request from a page of another origin (LANTERN_ALLOWED_ORIGINS). */
  OriginNotAllowed: 403,
  /** No API route at this path. */
  NoRoute: 404,
  MethodNotAllowed: 405,
  /** A request body above its limit. */
  BodyTooLarge: 413,
  /** A slice above LANTERN_SLICE_MAX_BYTES: the message says which pages to ask instead. */
  SliceTooLarge: 413,
  UnsupportedMediaType: 415,
  /** The stream exists but cannot be served in this form (broken, or too irregular to describe). */
  StreamUnreadable: 422,
  /** LANTERN_HTTP_REQUESTS_PER_SECOND. */
  RateLimited: 429,
} as const satisfies Record<string, number>;

export type HttpErrorType = keyof typeof HTTP_ERROR_STATUS;
