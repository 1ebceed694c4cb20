/**
 * Scans too big to be honest data, with the default limits: a scan document of ~50 MB and a scan of 5000
 * streams. The first is listed as unusable with its size, without being sent to Lantern or parsed; the
 * second is read up to the per-scan cap, the rest listed as not read. An unrelated viewer keeps every
 * point meanwhile (the figures printed are its rate and the server's event-loop lag).
 */
import { describe, expect, it } from 'vitest';
import { ScanState } from '../../lib/blissdata/scan-document';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { until, withLantern } from '../testing/lantern-fixture';
import { controlViewer, report } from './support';

const lantern = withLantern();

describe('oversized scans', () => {
  it('a 50 MB scan document: listed unusable with its size, refused to viewers and REST, never read into Lantern', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const control = await controlViewer(lantern, store);
    const writer = await ScanWriter.create(store, { name: 'ascan', number: 900, data_policy: 'no_policy', session: 'adversarial' }, { title: 'huge', npoints: 10 });
    writer.declareStream('x', numericStreamDefinition('<f8', []));
    await writer.prepare();
    await until(() => lantern.app.index.list().some((s) => s.key === writer.key), 10_000, 'listed');
    const doc = JSON.parse((await store.getDocumentText(writer.key))!) as { info: Record<string, unknown> };
    doc.info.junk = Array.from({ length: 2_000_000 }, (_, i) => `item-${i}-xxxxxxxxxx`);
    const text = JSON.stringify(doc);
    const statePk = (JSON.parse((await store.redis.call('JSON.GET', writer.key, '$.state_stream.pk')) as string) as string[])[0]!;
    const admin = lantern.redis.client();
    // Redis itself is busy while it takes in 50 MB: that is the publisher's doing, not measured here.
    await admin.call('JSON.SET', writer.key, '$', text);
    const baseline = await control.measure();
    let subscribeError = '';
    let rest: { status: number; body: string } = { status: 0, body: '' };
    const figures = await control.measure(async () => {
      // A state entry makes the scan list read the document again, as blissdata's start would.
      await admin.xadd(store.keys.streamKey(statePk), '*', 'state', String(ScanState.STARTED));
      const viewer = await lantern.client();
      subscribeError = await viewer.subscribe(writer.key).then(() => '', (e: Error) => e.message);
      const res = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}`);
      rest = { status: res.status, body: await res.text() };
    });
    const sizeMessage = /\d+\.\d MiB in Redis memory, more than the 8\.0 MiB read \(LANTERN_MAX_SCAN_DOCUMENT_MB\); blissdata itself caps scan_info at 1 MiB/;
    expect(subscribeError).toMatch(sizeMessage);
    expect(rest.status).toBe(422);
    expect(rest.body).toMatch(sizeMessage);
    await until(() => /MiB in Redis memory/.test(lantern.app.index.list().find((s) => s.key === writer.key)?.error ?? ''), 10_000, 'the list says why');
    report('oversized: 50 MB document', { ...figures, baselinePointsPerSecond: baseline.pointsPerSecond, baselineLagMaxMs: baseline.lagMaxMs });
  }, 120_000);

  it('a scan of 5000 streams: the first 1000 are read, the others listed as not read; other viewers keep their rate', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const control = await controlViewer(lantern, store);
    const writer = await ScanWriter.create(store, { name: 'ascan', number: 901, data_policy: 'no_policy', session: 'adversarial' }, { title: 'wide', npoints: 10 });
    const outs = Array.from({ length: 5000 }, (_, i) => writer.declareStream(`s${i}`, numericStreamDefinition('<f8', [])));
    await writer.prepare();
    await writer.start();
    outs.forEach((o, i) => o.send(Float64Array.from([i, i + 1])));
    await writer.flush();
    const tailedBefore = lantern.app.live.tailedCount;
    const baseline = await control.measure();
    const viewer = await lantern.client();
    const figures = await control.measure(async () => {
      const snapshot = await viewer.subscribe(writer.key);
      expect(snapshot.streams).toHaveLength(5000);
      const read = snapshot.streams.filter((s) => !s.error);
      expect(read.map((s) => s.name)).toEqual(outs.slice(0, 1000).map((_, i) => `s${i}`));
      expect(snapshot.streams.find((s) => s.name === 's4999')!.error).toBe('not read: this scan declares 5000 streams, more than the 1000 read per scan (LANTERN_MAX_STREAMS_PER_SCAN)');
    });
    await until(() => viewer.values(writer.key, 's999').length === 2, 30_000, 'the last stream read has its points');
    expect(viewer.values(writer.key, 's0')).toEqual([0, 1]);
    expect(viewer.values(writer.key, 's999')).toEqual([999, 1000]);
    expect(viewer.values(writer.key, 's1000')).toEqual([]);
    expect(lantern.app.live.tailedCount - tailedBefore).toBeLessThanOrEqual(1001);
    report('oversized: 5000 streams', { ...figures, baselinePointsPerSecond: baseline.pointsPerSecond, baselineLagMaxMs: baseline.lagMaxMs, tailed: lantern.app.live.tailedCount - tailedBefore });
  }, 120_000);
});
