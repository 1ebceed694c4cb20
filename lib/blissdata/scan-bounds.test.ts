/**
 * The reader's bounds on one scan: a document larger than the limit is refused in Redis, before it is
 * sent (or, where scripts are refused, by its text, before it is parsed), and streams beyond the per-scan
 * cap are listed with an error instead of read. Real Redis with the JSON stand-in.
 */
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import { DataStore } from './data-store';
import { ScanDocumentError } from './errors';
import { Scan } from './scan';
import { numericStreamDefinition, ScanWriter } from './writer/scan-writer';

const redis = withRedis();
let number = 1;

/** A prepared scan whose document then grows by `extraBytes` of scan_info (as no blissdata writer would). */
async function scanWithDocument(extraBytes: number): Promise<{ key: string; textBytes: number }> {
  const writer = await ScanWriter.create(await redis.store(), { name: 'ascan', number: number++, data_policy: 'no_policy', session: 'bounds' }, { title: 'bounds', npoints: 3 });
  writer.declareStream('x', numericStreamDefinition('<f8', []));
  await writer.prepare();
  const admin = redis.client();
  const doc = JSON.parse(String(await admin.call('JSON.GET', writer.key))) as { info: Record<string, unknown> };
  doc.info.junk = 'j'.repeat(extraBytes);
  const text = JSON.stringify(doc);
  await admin.call('JSON.SET', writer.key, '$', text);
  return { key: writer.key, textBytes: text.length };
}

describe('a scan document over the size limit', () => {
  it('is refused in Redis with its size and the setting; one under it loads', async () => {
    const store = new DataStore(redis.client(), { maxDocumentBytes: 2 ** 20, limitNames: { document: 'LIMIT_SETTING' } });
    const big = await scanWithDocument(3 * 2 ** 20);
    const error = (await Scan.load(store, big.key).catch((e: unknown) => e)) as ScanDocumentError;
    expect(error).toBeInstanceOf(ScanDocumentError);
    expect(error.scanKey).toBe(big.key);
    const size = Number(await redis.client().call('MEMORY', 'USAGE', big.key));
    expect(size).toBeGreaterThan(3 * 2 ** 20);
    expect(error.message).toContain(`${(size / 2 ** 20).toFixed(1)} MiB in Redis memory, more than the 1.0 MiB read (LIMIT_SETTING)`);
    await expect(store.getDocumentText(big.key)).rejects.toThrow(/in Redis memory/);

    const small = await scanWithDocument(100_000);
    const scan = await Scan.load(store, small.key);
    expect((scan.info.junk as string).length).toBe(100_000);
    expect(await store.getDocumentText(`${small.key}-missing`)).toBeNull();
  });

  it('keeps JSON.GET errors as they are (a key of another type) behind the guard', async () => {
    const store = new DataStore(redis.client(), { maxDocumentBytes: 2 ** 20 });
    const key = `${(await redis.store()).keys.scanKey('01J9Z3K7Q2M4X8B6N5T1V0W2Q1')}`;
    await redis.client().xadd(key, '*', 'a', '1');
    await expect(store.getDocumentText(key)).rejects.toThrow(/wrong Redis type|WRONGTYPE/);
  });

  it('is refused by its text when Redis refuses scripts to this user (ACL without EVAL)', async () => {
    const admin = redis.client();
    await admin.call('ACL', 'SETUSER', 'noscripts', 'on', '>pw', '~*', '&*', '+@all', '-eval', '-evalsha', '-eval_ro', '-evalsha_ro');
    const limited = redis.client({ username: 'noscripts', password: 'pw' });
    await expect(limited.call('eval', 'return 1', 0)).rejects.toThrow(/NOPERM/);
    const store = new DataStore(limited, { maxDocumentBytes: 2 ** 20 });
    const big = await scanWithDocument(3 * 2 ** 20);
    await expect(Scan.load(store, big.key)).rejects.toThrow(`${(big.textBytes / 2 ** 20).toFixed(1)} MiB of JSON, more than the 1.0 MiB read`);
    const small = await scanWithDocument(10);
    expect((await Scan.load(store, small.key)).info.junk).toBe('j'.repeat(10));
  });
});

describe('a scan with more streams than the per-scan cap', () => {
  it('reads the first ones in document order and lists the others as not read, naming the setting', async () => {
    const writer = await ScanWriter.create(await redis.store(), { name: 'ascan', number: number++, data_policy: 'no_policy', session: 'bounds' }, { title: 'wide', npoints: 3 });
    const names = Array.from({ length: 7 }, (_, i) => `s${i}`);
    for (const name of names) writer.declareStream(name, numericStreamDefinition('<f8', []));
    await writer.prepare();
    const store = new DataStore(redis.client(), { maxStreamsPerScan: 5, limitNames: { streams: 'STREAMS_SETTING' } });
    const scan = await Scan.load(store, writer.key);
    expect([...scan.streams.keys()]).toEqual(names);
    const errors = names.map((n) => scan.streams.get(n)!.error ?? null);
    expect(errors.slice(0, 5)).toEqual([null, null, null, null, null]);
    for (const e of errors.slice(5)) expect(e).toBe('not read: this scan declares 7 streams, more than the 5 read per scan (STREAMS_SETTING)');
  });
});
