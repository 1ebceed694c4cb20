/** Lima streams: the latest status (frames acquired and saved) reaches viewers, also for finished scans. */
import { describe, expect, it } from 'vitest';
import { ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { limaStreamDefinition, sendLimaStatus } from '../../lib/blissdata/writer/plugins';
import { withLantern, until } from '../testing/lantern-fixture';

const lantern = withLantern();

const definition = limaStreamDefinition({
  dtype: 'uint16',
  shape: [64, 48],
  serverUrl: 'id00/limaccds/test',
  bufferMaxNumber: 16,
  framesPerAcquisition: 0,
  acquisitionOffset: 0,
  saving: { filePath: '/data/lima_%04d.h5', dataPath: '/entry_0000/measurement/data', fileFormat: 'hdf5', fileOffset: 0, framesPerFile: 5 },
});

describe('Lima status', () => {
  it('is in the snapshot of a finished scan', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'limatake', number: 1, data_policy: 'no_policy' }, {});
    const lima = writer.declareStream('lima_simulator:image', definition);
    await writer.prepare();
    for (let i = 0; i < 10; i++) sendLimaStatus(lima, i, i < 5 ? -1 : 4);
    await writer.close();
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    const meta = snapshot.streams.find((s) => s.name === 'lima_simulator:image')!;
    expect(meta).toMatchObject({ kind: 'lima', delivery: 'latest', sealed: true, lima: { framesAvailable: 10, lastSaved: 4 } });
  });

  it('follows a running acquisition', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'limatake', number: 2, data_policy: 'no_policy' }, {});
    const lima = writer.declareStream('lima_simulator:image', definition);
    await writer.prepare();
    await writer.start();
    sendLimaStatus(lima, 0, -1);
    await lima.flush();
    const client = await lantern.client();
    const progress: { framesAvailable: number; lastSaved: number }[] = [];
    client.socket.on('scan:progress', (p) => {
      for (const s of p.streams) if (s.lima) progress.push(s.lima);
    });
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.streams[0]!.lima).toEqual({ framesAvailable: 1, lastSaved: -1 });
    sendLimaStatus(lima, 6, 4);
    await lima.flush();
    await until(() => progress.some((p) => p.framesAvailable === 7), 5000, 'status pushed');
    expect(progress.at(-1)).toEqual({ framesAvailable: 7, lastSaved: 4 });
    // Upstream lima/client.py LimaClient.update keeps max(last_index) and max(last_index_saved) seen.
    sendLimaStatus(lima, 8, 2);
    await lima.flush();
    await until(() => progress.some((p) => p.framesAvailable === 9), 5000, 'status pushed');
    expect(progress.at(-1)).toEqual({ framesAvailable: 9, lastSaved: 4 });
    await writer.close();
  });
});
