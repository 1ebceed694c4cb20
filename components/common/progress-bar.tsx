/** A thin progress bar; indeterminate (striped) when the total is unknown. */
export function ProgressBar({ fraction, kind = 'running', label }: { fraction: number | null; kind?: string; label: string }) {
  const pct = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div
      className={`progress progress--${kind}${pct === null ? ' progress--unknown' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(pct !== null ? { 'aria-valuenow': pct } : {})}
    >
      {/* Keyed: going from "unknown" (full width, striped) to a known value must not animate down from 100 %. */}
      <div key={pct === null ? 'unknown' : 'known'} className="progress__fill" style={{ width: pct === null ? '100%' : `${pct}%` }} />
    </div>
  );
}
