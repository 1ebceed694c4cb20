'use client';
/**
 * "Create signed link": a link to this view that works for a colleague without an account, for exactly
 * this scan, until the expiry chosen here (POST /api/links). Shown to those allowed to create links.
 */
import { useState } from 'react';
import styles from './auth.module.css';
import { useMe } from './use-me';

const EXPIRIES = [
  { label: '1 day', seconds: 24 * 3600 },
  { label: '3 days', seconds: 3 * 24 * 3600 },
  { label: '1 week', seconds: 7 * 24 * 3600 },
  { label: '30 days', seconds: 30 * 24 * 3600 },
];

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; url: string; expiresAt: string } | { kind: 'error'; message: string };

export function SignedLinkButton({ scanKey, viewLink }: { scanKey: string; viewLink: () => string }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [seconds, setSeconds] = useState(EXPIRIES[1]!.seconds);
  const [state, setState] = useState<State>({ kind: 'idle' });
  if (!me?.canCreateLinks) return null;

  const create = async () => {
    setState({ kind: 'busy' });
    try {
      const res = await fetch('/api/links', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scan: scanKey, expiresInSeconds: seconds }) });
      const body = (await res.json()) as { token?: string; expiresAt?: string; error?: string };
      if (!res.ok || !body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
      // The current view (plot, channels, zoom) plus the token: the link opens what is shown here.
      const view = viewLink();
      setState({ kind: 'done', url: `${view}${view.includes('?') ? '&' : '?'}token=${body.token}`, expiresAt: body.expiresAt ?? '' });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };

  return (
    <span className={styles.share}>
      <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen(!open)} title="A link for a colleague without an account: this scan only, until the expiry you choose">
        Create signed link
      </button>
      {open ? (
        <div className={styles.sharePanel} role="dialog" aria-label="Create signed link">
          <label className={styles.shareRow}>
            Valid for
            <select value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
              {EXPIRIES.map((e) => (
                <option key={e.seconds} value={e.seconds}>
                  {e.label}
                </option>
              ))}
            </select>
            <button type="button" className="btn" disabled={state.kind === 'busy'} onClick={() => void create()}>
              Create
            </button>
          </label>
          {state.kind === 'done' ? (
            <>
              <div className={styles.shareRow}>
                <input className={styles.shareUrl} aria-label="Signed link" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(state.url).catch(() => undefined)}>
                  Copy
                </button>
              </div>
              <span className="muted">Grants this scan only, until {new Date(state.expiresAt).toLocaleString()}.</span>
            </>
          ) : null}
          {state.kind === 'error' ? (
            <span className={styles.error} role="alert">
              {state.message}
            </span>
          ) : null}
        </div>
      ) : null}
    </span>
  );
}
