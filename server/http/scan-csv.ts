/**
 * GET /api/scans/:key/csv — every scalar channel of the scan as one CSV table (index, then one column
 * per channel in the scan's order), read in chunks so a million-point scan is streamed, not held.
 * Points gone from Redis are read from the HDF5 file when it is inside DATA_ROOTS, else left empty:
 * an empty cell is "no value", never 0. `?channels=a,b` (a channel list as in view links: `,` and `\` in a
 * name escaped with `\`) keeps those channels only, in that order: the browser's "CSV of the selected channels".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataStore } from '../../lib/blissdata/data-store';
import type { DataStream } from '../../lib/blissdata/data-stream';
import { ScanNotFoundError } from '../../lib/blissdata/errors';
import { Scan } from '../../lib/blissdata/scan';
import type { Hdf5Reader } from '../files/hdf5-reader';
import { readPoints } from '../data/points';
import { splitChannelList } from '../../lib/view-state/url';
import { HttpError } from './http-error';
import { csvElement, csvField } from './slice-text';

type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, query: Record<string, string>) => Promise<void>;

const CHUNK = 10_000;

function isScalar(s: DataStream): boolean {
  const e = s.encoding;
  return !s.error && (s.kind === 'array' || s.kind === 'hdf5_fallback') && e?.type === 'numeric' && e.shape.length === 0;
}

function fileName(scan: Scan): string {
  const id = scan.identity as unknown as { number?: unknown; name?: unknown };
  return `scan_${typeof id.number === 'number' ? id.number : 'x'}_${typeof id.name === 'string' ? id.name : 'scan'}.csv`.replace(/[^\w.-]+/g, '_');
}

/** The scalar streams named, in the order named; a name that is not one is a 400 saying which. */
function selected(scalars: DataStream[], names: string[]): DataStream[] {
  if (names.length === 0) throw new HttpError('BadRequest', 'channels names no channel');
  return names.map((name) => {
    const stream = scalars.find((s) => s.name === name);
    if (!stream) throw new HttpError('BadRequest', `channels: ${JSON.stringify(name)} is not a scalar channel of this scan`);
    return stream;
  });
}

export function registerScanCsvRoute(get: (path: string, handler: Handler) => void, deps: { store: DataStore; hdf5: Hdf5Reader }): void {
  get('/api/scans/:key/csv', async (_req, res, params, query) => {
    const scan = await Scan.load(deps.store, params.key!).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ReplyError' && /WRONGTYPE|wrong Redis type/i.test(error.message)) throw new ScanNotFoundError(params.key!);
      throw error;
    });
    const scalars = [...scan.streams.values()].filter(isScalar);
    const streams = query.channels === undefined ? scalars : selected(scalars, splitChannelList(query.channels));
    const lengths = await Promise.all(streams.map(async (s) => (await s.length()).length));
    const rows = Math.max(0, ...lengths);
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName(scan)}"`, 'cache-control': 'no-store' });
    res.write(`index${streams.map((s) => `,${csvField(s.name)}`).join('')}\n`);
    for (let from = 0; from < rows; from += CHUNK) {
      const to = Math.min(rows, from + CHUNK);
      const columns = await Promise.all(
        streams.map(async (s) => {
          const col: (string | undefined)[] = new Array(to - from);
          // The one read path: Redis first, trimmed points from the file, expired ones left empty.
          for await (const piece of readPoints(s, from, to, { hdf5: deps.hdf5 })) {
            if (piece.type !== 'numeric') continue;
            const element = csvElement(piece.dtype);
            for (let k = 0; k < piece.count; k++) col[piece.index + k - from] = element(piece.data, k);
          }
          return col;
        }),
      );
      let text = '';
      for (let i = from; i < to; i++) {
        text += String(i);
        for (const col of columns) text += `,${col[i - from] ?? ''}`;
        text += '\n';
      }
      if (!res.write(text)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  });
}
