'use client';
/**
 * Everything that makes the data less than whole, said plainly above the plots: broken streams (the
 * other plots keep working), ranges gone from Redis (drawn as gaps), a deleted scan, a lost link, and
 * what was odd in the scan's description.
 */
import { SavedFileBanner } from './saved-file-banner';
import { useScan } from './scan-store-provider';

function rangeText(ranges: [number, number][]): string {
  return ranges.map(([a, b]) => (b - a === 1 ? `point ${a}` : `points ${a}–${b - 1}`)).join(', ');
}

export function ScanAlerts() {
  const gone = useScan((s) => s.gone);
  const error = useScan((s) => s.error);
  const status = useScan((s) => s.status);
  const streamErrors = useScan((s) => s.streamErrors);
  const expired = useScan((s) => s.expired);
  const warnings = useScan((s) => s.warnings);
  const errorEntries = Object.entries(streamErrors);
  const expiredEntries = Object.entries(expired).filter(([, r]) => r.length > 0);
  return (
    <div className="alerts">
      <SavedFileBanner />
      {gone ? (
        <div className="banner banner--error" role="alert">
          This scan is gone from Redis ({gone}). What was received before is still shown.
        </div>
      ) : null}
      {error && status === 'ready' && !gone ? (
        <div className="banner banner--warn" role="alert">
          Cannot refresh this scan: {error} (retrying)
        </div>
      ) : null}
      {errorEntries.length > 0 ? (
        <div className="banner banner--error" role="alert" aria-label="Stream errors">
          <strong>{errorEntries.length === 1 ? 'A stream cannot be shown' : `${errorEntries.length} streams cannot be shown`}; the others are unaffected.</strong>
          <ul className="banner__list">
            {errorEntries.map(([name, message]) => (
              <li key={name} data-stream-error={name}>
                stream <code>{name}</code>: {message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {expiredEntries.length > 0 ? (
        <div className="banner banner--warn" role="note" aria-label="Expired data">
          <strong>Some points are gone from Redis and were not found in any file; they are drawn as gaps, never as zeros.</strong>
          <ul className="banner__list">
            {expiredEntries.map(([name, ranges]) => (
              <li key={name} data-expired={name}>
                <code>{name}</code>: {rangeText(ranges)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <details className="notes">
          <summary>
            {warnings.length} note{warnings.length > 1 ? 's' : ''} about this scan’s description
          </summary>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
