/** The raw Redis content of a small scan, checked field by field against the protocol notes. */
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import { MAX_STREAM_ID, SCAN_HISTORY_KEY } from './keys';
import { numericStreamDefinition, ScanWriter } from './writer/scan-writer';

const redis = withRedis();

describe('raw Redis layout of a scan written by the writer', () => {
  it('matches blissdata: document, history, state stream, data entries and seal', async () => {
    const store = await redis.store({ protocol: 2 });
    const raw = redis.client({ protocol: 2 });
    const scan = await ScanWriter.create(store, { name: 'ascan', number: 42, data_policy: 'no_policy', session: 'demo' }, { title: 'ascan roby 0 1 2 0.1', npoints: 3 });
    expect(scan.key).toMatch(/^esrf:scan:[0-9A-Z]{26}$/);
    expect(scan.stateKey).toMatch(/^esrf:stream:[0-9A-Z]{26}$/);
    expect(await raw.get('_PROTOCOL_VERSION_')).toBe('1');
    expect(await raw.type(scan.key)).toBe('ReJSON-RL');

    const created = JSON.parse((await raw.call('JSON.GET', scan.key)) as string);
    expect(created).toEqual({
      pk: scan.key.slice('esrf:scan:'.length),
      id: { pk: expect.stringMatching(/^[0-9A-Z]{26}$/), name: 'ascan', number: 42, data_policy: 'no_policy', session: 'demo' },
      info: { title: 'ascan roby 0 1 2 0.1', npoints: 3 },
      state_stream: { pk: scan.stateKey.slice('esrf:stream:'.length), encoding: null, info: null },
      data_streams: {},
    });
    const history = await raw.xrange(SCAN_HISTORY_KEY, '-', '+');
    expect(history.at(-1)?.[1]).toEqual(['key', scan.key]);

    const roby = scan.declareStream('axis:roby', numericStreamDefinition('<f8', []));
    await scan.prepare();
    const prepared = JSON.parse((await raw.call('JSON.GET', scan.key, '.')) as string);
    expect(prepared.data_streams['axis:roby']).toEqual({
      pk: roby.pk,
      encoding: { type: 'numeric', dtype_str: '<f8', shape: [] },
      info: { dtype: 'float64', shape: [] },
    });
    await scan.start();
    roby.send(new Float64Array([0]));
    roby.send(new Float64Array([0.5, 1.0]));
    await scan.stop();
    await scan.close();

    const entries = await raw.xrangeBuffer(roby.key, '-', '+');
    expect(entries.map(([id]) => id.toString())).toEqual(['0-1', '1-1', `${MAX_STREAM_ID}-${MAX_STREAM_ID}`]);
    // One point: no len field; two points: len 2; payloads are raw little-endian float64.
    expect(entries[0]![1].map((b) => b.toString('latin1'))[0]).toBe('payload');
    expect(entries[0]![1]).toHaveLength(2);
    expect(entries[0]![1][1]!.readDoubleLE(0)).toBe(0);
    expect(entries[1]![1][0]!.toString()).toBe('payload');
    expect([...new Float64Array(new Uint8Array(entries[1]![1][1]!).buffer)]).toEqual([0.5, 1.0]);
    expect(entries[1]![1][2]!.toString()).toBe('len');
    expect(entries[1]![1][3]!.toString()).toBe('2');
    expect(entries[2]![1].map((b) => b.toString())).toEqual(['id', '3']);

    const states = await raw.xrange(scan.stateKey, '-', '+');
    expect(states.map(([, fields]) => fields)).toEqual([['state', '0'], ['state', '1'], ['state', '2'], ['state', '3'], ['state', '4']]);
    for (const [id] of states) expect(id).toMatch(/^\d{13}-\d+$/);

    const closed = JSON.parse((await raw.call('JSON.GET', scan.key, '$')) as string);
    expect(Array.isArray(closed)).toBe(true);
    expect(closed[0].info.end_reason).toBe('SUCCESS');
    expect(typeof closed[0].info.end_time).toBe('string');
    expect((await raw.call('JSON.MGET', scan.key, 'state_stream.pk')) as string[]).toEqual([JSON.stringify(scan.stateKey.slice('esrf:stream:'.length))]);
  });

  it('loads the seal_stream function in library mylib, usable by Python writers through FCALL', async () => {
    const raw = redis.client({ protocol: 2 });
    const libs = (await raw.call('FUNCTION', 'LIST', 'LIBRARYNAME', 'mylib')) as unknown[][];
    expect(JSON.stringify(libs)).toContain('seal_stream');
    await raw.xadd('esrf:stream:TESTSEAL', '0-1', 'payload', 'x', 'len', '5');
    expect(await raw.call('FCALL', 'seal_stream', 1, 'esrf:stream:TESTSEAL')).toBe(5);
    await expect(raw.call('FCALL', 'seal_stream', 1, 'esrf:stream:TESTSEAL')).rejects.toThrow('esrf:stream:TESTSEAL is already sealed.');
    expect(await raw.call('FCALL', 'seal_stream', 1, 'esrf:stream:EMPTY')).toBe(0);
    expect(await raw.xrange('esrf:stream:EMPTY', '-', '+')).toEqual([[`${MAX_STREAM_ID}-${MAX_STREAM_ID}`, ['id', '0']]]);
  });
});
