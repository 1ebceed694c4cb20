/**
 * Which Lima frame a viewer following the scan asks for. `last_index_saved` says which frames are
 * written, but by blissdata's rule the file holding that frame may still be open, and the server only
 * reads complete files: it answers 409 with the newest frame of a complete file (`lastReadable`). That
 * answer holds until the detector reports more saved frames or the stream is sealed, then the newest
 * saved frame is tried again.
 */
export interface ReadableHint {
  /** `last_index_saved` and sealed state when the server answered. */
  saved: number;
  sealed: boolean;
  /** Newest frame in a complete file then (-1: none). */
  readable: number;
}

export function limaFollowTarget(saved: number, sealed: boolean, hint: ReadableHint | null): number {
  if (hint && hint.saved === saved && hint.sealed === sealed) return Math.min(hint.readable, saved);
  return saved;
}

/** Whether a frame that failed may be asked for again: only once the detector has moved on. */
export function mayRetry(failed: { index: number; saved: number; sealed: boolean } | null, index: number, saved: number, sealed: boolean): boolean {
  return !failed || failed.index !== index || saved > failed.saved || sealed !== failed.sealed;
}
