'use client';
/** The session menu: every session seen since the page opened, plus the one asked for in the URL. */
import { useScanList } from './scan-list-provider';

export function SessionFilter({ value, onChange }: { value: string | null; onChange(session: string | null): void }) {
  const sessions = useScanList((s) => s.sessions);
  const options = value !== null && !sessions.includes(value) ? [value, ...sessions] : sessions;
  return (
    <label className="field">
      <span className="field__label">Session</span>
      <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} aria-label="Session">
        <option value="">All sessions</option>
        {options.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}
