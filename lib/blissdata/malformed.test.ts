/** Bad input gives typed errors naming what is wrong; nothing crashes and other streams keep working. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../testing/redis-launcher';
import { withRedis } from '../../testing/redis-fixture';
import { DataStore } from './data-store';
import { MissingModuleError, PayloadDecodeError, ProtocolVersionError, ScanDocumentError, UnknownDtypeError } from './errors';
import { Scan } from './scan';
import { numericStreamDefinition, ScanWriter } from './writer/scan-writer';

const redis = withRedis();
const validDoc = (pk: string, extra: Record<string, unknown> = {}) => ({
  pk,
  id: { name: 'ascan', number: 1, data_policy: 'no_policy' },
  info: {},
  state_stream: { pk: '01J9Z3K7Q2M4X8B6N5T1V0W2Y5', encoding: '', info: '' },
  data_streams: {},
  ...extra,
});

describe('malformed documents', () => {
  it.each([
    ['missing identity', (pk: string) => ({ ...validDoc(pk), id: undefined }), /id: /],
    ['number as text', (pk: string) => validDoc(pk, { id: { name: 'a', number: 'one', data_policy: 'x' } }), /id\.number/],
    ['stream without pk', (pk: string) => validDoc(pk, { data_streams: { x: { encoding: null } } }), /data_streams\.x\.pk/],
    ['pk not matching the key', () => validDoc('01J9Z3K7Q2M4X8B6N5T1V0W2Y9'), /does not match the key/],
  ])('%s gives a ScanDocumentError naming the field', async (_name, make, message) => {
    const store = await redis.store();
    const pk = '01J9Z3K7Q2M4X8B6N5T1V0W2' + String(Math.floor(Math.random() * 90) + 10);
    const key = store.keys.scanKey(pk);
    await store.redis.call('JSON.SET', key, '.', JSON.stringify(make(pk)));
    const error = await Scan.load(store, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanDocumentError);
    expect((error as ScanDocumentError).scanKey).toBe(key);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts 1.x documents ("" encodings) and marks streams with unknown dtypes or encodings broken, not the scan', async () => {
    const store = await redis.store();
    const pk = '01J9Z3K7Q2M4X8B6N5T1V0W2Y3';
    const key = store.keys.scanKey(pk);
    const doc = validDoc(pk, {
      data_streams: {
        good: { pk: '01J9Z3K7Q2M4X8B6N5T1V0W2Y6', encoding: { type: 'numeric', dtype_str: '<f8', shape: [] }, info: '' },
        badtype: { pk: '01J9Z3K7Q2M4X8B6N5T1V0W2Y7', encoding: { type: 'numeric', dtype_str: '<U8', shape: [] }, info: null },
        badenc: { pk: '01J9Z3K7Q2M4X8B6N5T1V0W2Y8', encoding: { type: 'pickle' }, info: {} },
      },
    });
    await store.redis.call('JSON.SET', key, '.', JSON.stringify(doc));
    await store.redis.xadd('esrf:stream:01J9Z3K7Q2M4X8B6N5T1V0W2Y5', '*', 'state', '2');
    const scan = await Scan.load(store, key);
    expect(scan.streams.get('good')!.kind).toBe('array');
    expect(scan.streams.get('badtype')!.kind).toBe('broken');
    expect(scan.streams.get('badtype')!.error).toMatch(/<U8/);
    expect(scan.streams.get('badenc')!.kind).toBe('broken');
    expect(scan.streams.get('badenc')!.error).toMatch(/pickle/);
    expect(new UnknownDtypeError('<U8').message).toMatch(/unsupported numpy dtype/);
  });

  it('payloads of the wrong length, bad msgpack and bad JSON give PayloadDecodeError with the entry', async () => {
    const store = await redis.store();
    const writer = await ScanWriter.create(store, { name: 'a', number: 1, data_policy: 'x' }, {});
    const f8 = writer.declareStream('f8', numericStreamDefinition('<f8', []));
    const variable = writer.declareStream('var', numericStreamDefinition('<u2', [-1]));
    const json = writer.declareStream('json', { encoding: { type: 'json' }, info: {} });
    await writer.prepare();
    await store.redis.xadd(f8.key, '0-1', 'payload', Buffer.alloc(20), 'len', '3');
    await store.redis.xadd(f8.key, '3-1', 'payload', Buffer.alloc(8), 'len', 'many');
    await store.redis.xadd(variable.key, '0-1', 'payload', Buffer.from([0xc1, 0x00]));
    await store.redis.xadd(json.key, '0-1', 'payload', '{"a": ');
    const scan = await Scan.load(store, writer.key);
    const wrongLength = await scan.streams.get('f8')!.slice(0, 1).catch((e: unknown) => e);
    expect(wrongLength).toBeInstanceOf(PayloadDecodeError);
    expect((wrongLength as PayloadDecodeError).entryId).toBe('0-1');
    expect((wrongLength as Error).message).toMatch(/20 bytes/);
    await expect(scan.streams.get('f8')!.get(3)).rejects.toThrow(/invalid len field "many"/);
    await expect(scan.streams.get('var')!.get(0)).rejects.toBeInstanceOf(PayloadDecodeError);
    await expect(scan.streams.get('json')!.get(0)).rejects.toBeInstanceOf(PayloadDecodeError);
  });
});

describe('database checks', () => {
  it('refuses a wrong or missing protocol version with a clear error', async () => {
    const client = redis.client();
    await client.set('_PROTOCOL_VERSION_', '2');
    await expect(DataStore.connect(client)).rejects.toThrow(/unsupported blissdata protocol version "2"/);
    await client.del('_PROTOCOL_VERSION_');
    await expect(DataStore.connect(client)).rejects.toBeInstanceOf(ProtocolVersionError);
    await expect(DataStore.connect(client)).rejects.toThrow(/never initialised/);
    await client.set('_PROTOCOL_VERSION_', '1');
  });

  const plain = startRedis({ jsonModule: false });
  afterAll(async () => (await plain).stop());

  it('names RedisJSON/redis-stack when JSON.GET is an unknown command', async () => {
    const server = await plain;
    const client = new Redis(server.url);
    try {
      const error = await DataStore.connect(client).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingModuleError);
      expect((error as Error).message).toMatch(/RedisJSON.*redis-stack/);
    } finally {
      client.disconnect();
    }
  });
});
