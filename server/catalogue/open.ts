/** The catalogue Lantern runs with: SQLite in LANTERN_DATA_DIR, kept current from the scan list. */
import type { DataStore } from '../../lib/blissdata/data-store';
import type { Config } from '../config';
import { DataRoots } from '../files/data-roots';
import type { Hdf5Reader } from '../files/hdf5-reader';
import type { Logger } from '../logger';
import { CatalogueService } from './catalogue-service';
import { createFileRoutes } from './file-routes';
import { FileScans } from './file-scans';
import { createFileSubscriber } from './file-subscription';
import { SqliteCatalogue } from './sqlite-catalogue';

export function openCatalogue(config: Pick<Config, 'dataDir' | 'dataRoots' | 'sliceMaxBytes'>, store: DataStore, logger: Logger, hdf5: Hdf5Reader, png: (data: ArrayLike<number | bigint>, shape: [number, number]) => Uint8Array) {
  let catalogue: SqliteCatalogue;
  try {
    catalogue = SqliteCatalogue.open(config.dataDir);
    logger.info({ file: catalogue.filePath, scans: catalogue.count() }, 'scan catalogue open');
  } catch (error) {
    // The live view must not depend on it: search and reopening still work for this run's scans.
    logger.error({ dir: config.dataDir, err: (error as Error).message }, 'cannot open the scan catalogue in LANTERN_DATA_DIR; using one in memory, lost at exit');
    catalogue = new SqliteCatalogue(':memory:');
  }
  const service = new CatalogueService(catalogue, { store, logger });
  const files = new FileScans({ catalogue, hdf5, roots: new DataRoots(config.dataRoots) });
  return Object.assign(service, {
    /** REST answers for scans gone from Redis (see file-routes.ts). */
    fromFile: createFileRoutes(files, { png, slice: { logger, maxBytes: config.sliceMaxBytes } }),
    /** scan:subscribe for scans gone from Redis (see file-subscription.ts). */
    subscribeOrReopen: createFileSubscriber(files, logger, async (key) => (await store.redis.exists(key)) === 1),
    /** Completes the catalogue from the whole scan history, in the background. */
    startBackfill(): void {
      const started = performance.now();
      service.backfill().then(
        (n) => logger.info({ scans: n, ms: Math.round(performance.now() - started) }, 'scan catalogue completed from Redis'),
        (error: unknown) => logger.warn({ err: (error as Error).message }, 'scan catalogue not completed from Redis'),
      );
    },
  });
}
