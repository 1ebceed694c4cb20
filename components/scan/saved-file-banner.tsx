'use client';
/** Said plainly above the plots when the scan is gone from Redis and shown from its saved file. */
import { useScan } from './scan-store-provider';

export function SavedFileBanner() {
  const file = useScan((s) => (s.snapshot?.source === 'file' ? (s.snapshot.file ?? null) : undefined));
  if (file === undefined) return null;
  return (
    <div className="banner banner--info" role="status" data-source="file">
      <strong>Saved file, not live data.</strong> This scan is no longer in Redis; it is shown as saved
      {file ? (
        <>
          {' '}
          in <code>{file.path}</code> (entry <code>{file.entry}</code>)
        </>
      ) : null}
      . It will not change.
    </div>
  );
}
