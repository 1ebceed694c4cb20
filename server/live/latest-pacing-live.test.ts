/** Image frames paced per viewer, end to end: a real Lantern, Redis and socket.io clients. */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern, until } from '../testing/lantern-fixture';

const lantern = withLantern();
let number = 1;

async function imageScan(name: string, shape: [number, number], dtype: string) {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'timescan', number: number++, data_policy: 'no_policy' }, { title: 'timescan' });
  const out = writer.declareStream(name, numericStreamDefinition(dtype, shape));
  await writer.prepare();
  await writer.start();
  return { writer, out };
}

describe('latest-only frames paced per viewer', () => {
  it('a client that does not take frames in gets none after the first, then the newest once its ack times out', async () => {
    // 512×512 uint16: 512 kB a frame, latest-only, sent at full resolution.
    const { writer, out } = await imageScan('cam:image', [512, 512], '<u2');
    const taking = await lantern.client();
    const stuck = await lantern.client();
    stuck.acking = false;
    await taking.subscribe(writer.key);
    await stuck.subscribe(writer.key);
    const frame = (i: number) => new Uint16Array(512 * 512).fill(i);
    for (let i = 0; i < 6; i++) {
      out.send(frame(i));
      await out.flush();
      // One at a time: the client that acknowledges gets every frame.
      await until(() => taking.latest(writer.key, 'cam:image')?.index === i, 20_000, `frame ${i} to the acknowledging client`);
    }
    expect(taking.latestSeen(writer.key, 'cam:image')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(taking.latest(writer.key, 'cam:image')!.values[1000]).toBe(5);
    // The other got fewer (one in flight at a time, never acknowledged), never an older one after a newer...
    await until(() => stuck.latest(writer.key, 'cam:image')?.index === 5, 30_000, 'newest frame to the stuck client after its ack timed out');
    const seen = stuck.latestSeen(writer.key, 'cam:image');
    expect(seen.length).toBeLessThan(6);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1]!)).toBe(true);
    // ...and ends with the newest, whole.
    expect(stuck.latest(writer.key, 'cam:image')!.values).toHaveLength(512 * 512);
    expect(stuck.latest(writer.key, 'cam:image')!.values[1000]).toBe(5);
    expect(taking.problems).toEqual([]);
    expect(stuck.problems).toEqual([]);
    await writer.close();
  }, 90_000);

  it('a client with a small display gets frames binned to it, with the block means of the full frame', async () => {
    const { writer, out } = await imageScan('det:image', [2048, 2048], '<u2');
    const small = await lantern.client();
    const plain = await lantern.client();
    // 128 px shows at most 128 of 2048 rows: binned 16×16 (32 kB), which also keeps the first
    // frame (sent before the link is measured) within FIRST_FRAME_BYTES: the binning does not depend on
    // how fast this machine acknowledges.
    await small.subscribe(writer.key, undefined, { width: 128, height: 128 });
    await plain.subscribe(writer.key);
    const windowed = await lantern.client();
    await windowed.subscribe(writer.key, undefined, { width: 600, height: 500 });
    const full = new Uint16Array(2048 * 2048);
    for (let y = 0; y < 2048; y++) for (let x = 0; x < 2048; x++) full[y * 2048 + x] = (x * 13 + y * 7) % 4096;
    out.send(full);
    await out.flush();
    await until(() => small.latest(writer.key, 'det:image')?.index === 0 && plain.latest(writer.key, 'det:image')?.index === 0, 20_000, 'frame 0 to both');
    const got = small.latest(writer.key, 'det:image')!;
    expect(got.preview).toBe(true);
    expect(got.shape).toEqual([128, 128]);
    const mean = (by: number, bx: number) => {
      let s = 0;
      let n = 0;
      for (let y = by * 16; y < by * 16 + 16; y++) {
        for (let x = bx * 16; x < bx * 16 + 16; x++) {
          s += full[y * 2048 + x]!;
          n++;
        }
      }
      return Math.floor(s / n + 0.5);
    };
    for (const [by, bx] of [[0, 0], [0, 1], [17, 100], [127, 127], [127, 0]] as const) expect(got.values[by * 128 + bx]).toBe(mean(by, bx));
    // A 600×500 display is first sent the small first frame, then, after its ack and with nothing newer,
    // the same frame at its display's binning: 500 px high shows at most 500 of 2048 rows, 4×4.
    await until(() => windowed.latest(writer.key, 'det:image')?.shape[0] === 512, 20_000, 'frame 0 sent again at 4×4');
    const refined = windowed.latest(writer.key, 'det:image')!;
    expect(refined.index).toBe(0);
    const mean4 = (by: number, bx: number) => {
      let s = 0;
      for (let y = by * 4; y < by * 4 + 4; y++) for (let x = bx * 4; x < bx * 4 + 4; x++) s += full[y * 2048 + x]!;
      return Math.floor(s / 16 + 0.5);
    };
    for (const [by, bx] of [[0, 0], [17, 300], [511, 511]] as const) expect(refined.values[by * 512 + bx]).toBe(mean4(by, bx));
    // A client that said nothing of its display keeps the 2×2 preview.
    expect(plain.latest(writer.key, 'det:image')!.shape).toEqual([1024, 1024]);
    expect(small.problems).toEqual([]);
    await writer.close();
  }, 90_000);

  it('refuses a display that is not a positive size, naming the field', async () => {
    const { writer } = await imageScan('cam:other', [512, 512], '<u2');
    const client = await lantern.client();
    await expect(client.subscribe(writer.key, undefined, { width: 0, height: 100 })).rejects.toThrow(/display\.width/);
    await writer.close();
  }, 30_000);
});
