/** The scan index's first load agrees with each scan's state, even for a scan that closes meanwhile. */
import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { MultiplexedReader } from '../../lib/blissdata/multiplexed-reader';
import { ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { withRedis } from '../../testing/redis-fixture';
import { createLogger } from '../logger';
import type { LanternServer } from './live-context';
import { ScanIndex } from './scan-index';

const redis = withRedis();

describe('scan index load', () => {
  it('lists a scan that closes between the document and state reads as CLOSED with its end reason', async () => {
    const writer = await ScanWriter.create(await redis.store(), { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'race' }, { title: 'ascan' });
    await writer.prepare();
    await writer.start();
    const finished = await ScanWriter.create(await redis.store(), { name: 'ct', number: 2, data_policy: 'no_policy', session: 'race' }, { title: 'ct' });
    await finished.close('FAILURE');

    // The scan closes right after the index's pipeline of documents has answered.
    const store = await redis.store();
    const pipeline = store.redis.pipeline.bind(store.redis);
    let first = true;
    store.redis.pipeline = ((commands?: unknown[][]) => {
      const p = pipeline(commands as never);
      if (first && commands?.[0]?.[1] === 'JSON.GET') {
        first = false;
        const exec = p.exec.bind(p);
        p.exec = (async () => {
          const replies = await exec();
          await writer.close('SUCCESS');
          return replies;
        }) as typeof p.exec;
      }
      return p;
    }) as typeof store.redis.pipeline;

    const reader = new MultiplexedReader(redis.client());
    const index = new ScanIndex({ store, blocking: redis.client(), reader, io: new Server() as LanternServer, logger: createLogger('silent'), size: 10 });
    await index.start();
    try {
      expect(first).toBe(false);
      expect(index.get(writer.key)).toMatchObject({ state: 'CLOSED', endReason: 'SUCCESS' });
      expect(index.get(finished.key)).toMatchObject({ state: 'CLOSED', endReason: 'FAILURE' });
    } finally {
      await index.stop();
      await reader.stop();
    }
  });
});
