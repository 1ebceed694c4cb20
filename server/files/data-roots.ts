/**
 * The folders Lantern may read detector/scan files from (`DATA_ROOTS`). File paths come from Redis
 * (lima_info, hdf5_fallback info), which anyone able to publish a scan controls, so every path is
 * checked here, symlinks resolved, before anything is opened.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** The path is not inside DATA_ROOTS (or is not an acceptable path at all). Says nothing more. */
export class PathNotAllowedError extends Error {
  constructor(
    readonly requestedPath: string,
    reason = 'it is outside DATA_ROOTS',
  ) {
    super(`path ${JSON.stringify(requestedPath)} is not allowed: ${reason}`);
    this.name = 'PathNotAllowedError';
  }
}

/** The path is inside DATA_ROOTS but nothing is there (not written yet, or deleted). */
export class FileMissingError extends Error {
  constructor(
    readonly requestedPath: string,
    options?: { cause?: unknown },
  ) {
    super(`file ${JSON.stringify(requestedPath)} does not exist`, options);
    this.name = 'FileMissingError';
  }
}

function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Real path of the longest prefix of `p` that exists; null if none; undefined if that prefix is a
 * broken symlink (lstat sees it, realpath cannot follow it).
 */
async function deepestExisting(p: string): Promise<string | null | undefined> {
  for (let prefix = p; ; prefix = path.dirname(prefix)) {
    const exists = await lstat(prefix).then(
      () => true,
      () => false,
    );
    if (exists) return realpath(prefix).catch(() => undefined);
    if (prefix === path.dirname(prefix)) return null;
  }
}

interface Root {
  /** As configured (normalised), used to refuse obviously outside paths without touching the disk. */
  readonly configured: string;
  /** After resolving symlinks; `null` while the folder does not exist (e.g. not mounted yet). */
  real: string | null;
}

export class DataRoots {
  private readonly list: Root[];

  /** @param roots absolute folders; relative ones are refused since they would depend on the cwd. */
  constructor(roots: readonly string[]) {
    this.list = roots
      .filter((r) => r !== '')
      .map((r) => {
        if (!path.isAbsolute(r) || r.includes('\0')) throw new Error(`DATA_ROOTS entry ${JSON.stringify(r)} must be an absolute path`);
        return { configured: path.resolve(r), real: null };
      });
  }

  /** From the colon-separated `DATA_ROOTS` variable; unset or empty means nothing is readable. */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env): DataRoots {
    return new DataRoots((env.DATA_ROOTS ?? '').split(':'));
  }

  get configured(): readonly string[] {
    return this.list.map((r) => r.configured);
  }

  /**
   * The real path of `requestedPath` if it exists and lies inside a root once every symlink is
   * resolved. Throws {@link PathNotAllowedError} or {@link FileMissingError}. Only lstat/readlink
   * happen before the check (via realpath), never an open.
   */
  async resolve(requestedPath: string): Promise<string> {
    if (typeof requestedPath !== 'string' || requestedPath === '') throw new PathNotAllowedError(String(requestedPath), 'it is empty');
    if (requestedPath.includes('\0')) throw new PathNotAllowedError(requestedPath, 'it contains a NUL byte');
    if (!path.isAbsolute(requestedPath)) throw new PathNotAllowedError(requestedPath, 'it is not absolute');
    // Refused outright rather than normalised: no legitimate scan file path needs '..'.
    if (requestedPath.split('/').includes('..')) throw new PathNotAllowedError(requestedPath, "it contains '..'");

    const roots = await this.realRoots();
    const lexical = path.normalize(requestedPath);
    // Cheap first filter: a path not even spelled inside a root is refused without any disk access,
    // so the response cannot tell whether it exists.
    if (!roots.some((r) => isInside(lexical, r.configured) || (r.real !== null && isInside(lexical, r.real)))) {
      throw new PathNotAllowedError(requestedPath);
    }

    let real: string;
    try {
      real = await realpath(lexical);
    } catch (err) {
      if (!isNotFound(err)) throw new PathNotAllowedError(requestedPath, 'it cannot be resolved');
      // Under a root that does not exist (yet): nothing can be there, and nothing was followed.
      if (roots.some((r) => r.real === null && isInside(lexical, r.configured))) throw new FileMissingError(requestedPath, { cause: err });
      // Missing: only say so if what does exist resolves inside a root, otherwise a symlink inside a
      // root could tell a missing outside file from a present one.
      const existing = await deepestExisting(lexical);
      if (existing === undefined) throw new PathNotAllowedError(requestedPath, 'it goes through a broken symlink');
      if (existing === null || !this.insideRealRoot(existing, roots)) throw new PathNotAllowedError(requestedPath);
      throw new FileMissingError(requestedPath, { cause: err });
    }
    if (!this.insideRealRoot(real, roots)) throw new PathNotAllowedError(requestedPath);
    return real;
  }

  private insideRealRoot(real: string, roots: readonly Root[]): boolean {
    return roots.some((r) => r.real !== null && isInside(real, r.real));
  }

  /** Roots are resolved lazily and retried while missing, so a late mount still works. */
  private async realRoots(): Promise<readonly Root[]> {
    await Promise.all(
      this.list
        .filter((r) => r.real === null)
        .map(async (r) => {
          r.real = await realpath(r.configured).catch(() => null);
        }),
    );
    return this.list;
  }
}
