'use client';
/**
 * What the streams behind a plot hold: type, shape, points published, whether the stream is finished,
 * and for Lima detectors how many frames reached a file. The numbers a scientist checks first when a
 * plot looks wrong ("is it still writing? are the frames saved?").
 */
import type { PlotModel } from '@/lib/plot-model';
import { plotChannels } from './points-held';
import { useScan, useScanStoreObject } from './scan-store-provider';

export function StreamFacts({ model }: { model: PlotModel }) {
  const store = useScanStoreObject();
  const view = useScan((s) => s.views[model.id]) ?? {};
  useScan((s) => s.version);
  const buffers = store.buffers();
  const channels = plotChannels(model, view);
  return (
    <section className="panel" aria-label="Streams">
      <div className="panel__head">
        <h2 className="panel__title">Streams</h2>
      </div>
      <dl className="facts">
        {channels.map((name) => {
          const id = buffers.idOf(name);
          const meta = id === undefined ? undefined : buffers.meta(id);
          if (!meta) {
            return (
              <div key={name} className="facts__item">
                <dt>
                  <code>{name}</code>
                </dt>
                <dd className="muted">no stream yet</dd>
              </div>
            );
          }
          const shape = meta.shape.length ? meta.shape.map((d) => (d < 0 ? '?' : d)).join(' × ') : 'scalar';
          return (
            <div key={name} className="facts__item" data-stream={name}>
              <dt>
                <code>{name}</code>
              </dt>
              <dd>
                <span>{meta.dtype ?? meta.kind}</span> · <span>{shape}</span>
              </dd>
              <dd className="num">
                {/* A Lima stream's entries are detector statuses, not frames: count frames. */}
                {meta.lima ? `${meta.lima.framesAvailable} ${meta.lima.framesAvailable === 1 ? 'frame' : 'frames'}` : `${meta.length} ${meta.length === 1 ? 'point' : 'points'}`} · {meta.sealed ? 'complete' : <span className="facts__live">being written</span>}
                {meta.delivery === 'latest' ? <span className="muted"> · newest sent live, others on demand</span> : null}
              </dd>
              {meta.lima ? (
                <dd className="num">
                  Lima: {meta.lima.framesAvailable} acquired, {meta.lima.lastSaved + 1} saved
                  {meta.lima.lastSaved + 1 < meta.lima.framesAvailable ? <span className="muted"> (a frame is shown once its file is written)</span> : null}
                </dd>
              ) : null}
              {meta.firstAvailable > 0 ? <dd className="facts__warn">points before {meta.firstAvailable} expired from Redis</dd> : null}
              {meta.error ? <dd className="facts__error">{meta.error}</dd> : null}
            </div>
          );
        })}
      </dl>
    </section>
  );
}
