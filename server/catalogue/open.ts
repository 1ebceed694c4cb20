/** The catalogue Lantern runs with: SQLite in LANTERN_DATA_DIR, kept current from the scan list. */
import type { DataStore } from '../../lib/blissdata/data-store';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { CatalogueService } from './catalogue-service';
import { SqliteCatalogue } from './sqlite-catalogue';

export function openCatalogue(config: Pick<Config, 'dataDir'>, store: DataStore, logger: Logger) {
  const catalogue = SqliteCatalogue.open(config.dataDir);
  logger.info({ file: catalogue.filePath, scans: catalogue.count() }, 'scan catalogue open');
  const service = new CatalogueService(catalogue, { store, logger });
  return Object.assign(service, {
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
