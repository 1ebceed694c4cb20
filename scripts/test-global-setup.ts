import { ensureJsonModule } from '../testing/json-module';

/** Builds the RedisJSON stand-in once before any test worker starts a redis-server. */
export default async function setup(): Promise<void> {
  await ensureJsonModule();
}
