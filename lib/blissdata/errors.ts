/**
 * Typed errors of the blissdata layer. Each carries what a user needs to locate the problem (scan key,
 * stream name) and the underlying cause, so the server can show it where the user looks.
 */

export class BlissdataError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `_PROTOCOL_VERSION_` missing or not the supported version. */
export class ProtocolVersionError extends BlissdataError {}

/** The server lacks a module blissdata needs (RedisJSON for JSON.*). */
export class MissingModuleError extends BlissdataError {}

/** A scan document that cannot be used: not JSON, missing fields, wrong types. */
export class ScanDocumentError extends BlissdataError {
  constructor(
    readonly scanKey: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid scan document ${scanKey}: ${detail}`, options);
  }
}

/** The scan key is not in Redis (never existed, or deleted by the TTL rule). */
export class ScanNotFoundError extends BlissdataError {
  constructor(readonly scanKey: string) {
    super(`scan ${scanKey} does not exist or was deleted`);
  }
}

/** An encoding description that is not `numeric` or `json`, or a numeric one with a bad dtype/shape. */
export class UnknownEncodingError extends BlissdataError {}

/** A numpy dtype string outside what blissdata allows (b, i, u, f, c kinds). */
export class UnknownDtypeError extends UnknownEncodingError {
  constructor(readonly dtype: string) {
    super(`unsupported numpy dtype ${JSON.stringify(dtype)}`);
  }
}

/** A stream entry whose payload does not decode (wrong length, bad msgpack, bad JSON, bad `len`). */
export class PayloadDecodeError extends BlissdataError {
  constructor(
    readonly streamKey: string,
    readonly entryId: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode entry ${entryId} of ${streamKey}: ${detail}`, options);
  }
}

/** A stream whose plugin is unknown or unsupported: only that stream is unusable, the scan still loads. */
export class UnsupportedStreamError extends BlissdataError {}

/** Index not published yet (Python's IndexNotYetThereError). */
export class IndexNotYetThereError extends BlissdataError {}
/** Index beyond the end of a sealed stream (Python's IndexWontBeThereError). */
export class IndexWontBeThereError extends BlissdataError {}
/** Index valid but trimmed from Redis by the memory tracker (Python's IndexNoMoreThereError). */
export class IndexNoMoreThereError extends BlissdataError {}
/** The cursor is past the seal. */
export class EndOfStreamError extends BlissdataError {}

/** A writer state transition the protocol forbids (e.g. start before prepare). */
export class ScanStateTransitionError extends BlissdataError {}

/** The serialised `info` exceeds blissdata's 1 MiB limit. */
export class ScanInfoTooLargeError extends BlissdataError {}

/** Writer side: data that cannot be encoded for a stream (wrong dtype or byte order, bad shape, empty). */
export class PayloadEncodeError extends BlissdataError {
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot encode batch: ${detail}`, options);
  }
}

/** The scan exists but has no stream of that name. */
export class StreamNotFoundError extends BlissdataError {
  constructor(
    readonly scanKey: string,
    readonly streamName: string,
  ) {
    super(`scan ${scanKey} has no stream ${JSON.stringify(streamName)}`);
  }
}
