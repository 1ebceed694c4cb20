'use client';
/**
 * The connection pill in the top bar: green when data are live, amber while reconnecting, red when
 * Redis is down behind the server or the server refuses this page. Scientists must never mistake a
 * frozen plot for a finished scan, so anything but "live" is spelled out, with the reason on hover.
 */
import { useShallow } from 'zustand/react/shallow';
import { useConnection } from './connection-provider';
import type { ConnectionState } from './connection-store';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'redis-down': 'Redis down',
  refused: 'Reload needed',
};

export function ConnectionIndicator({ large = false }: { large?: boolean }) {
  const { state, message, attempts } = useConnection(useShallow((s) => ({ state: s.state, message: s.message, attempts: s.attempts })));
  const label = state === 'reconnecting' && attempts > 1 ? `${LABELS[state]} (${attempts})` : LABELS[state];
  const title = message ? `${LABELS[state]}: ${message}` : state === 'live' ? 'Connected: data are live' : LABELS[state];
  return (
    <span className={`conn conn--${state}${large ? ' conn--large' : ''}`} role="status" aria-live="polite" title={title} data-connection={state}>
      <span className="conn__dot" aria-hidden="true" />
      <span className="conn__label">{label}</span>
      {state === 'refused' ? (
        <button type="button" className="conn__reload" onClick={() => window.location.reload()}>
          Reload
        </button>
      ) : null}
    </span>
  );
}

/** A banner under the top bar while data are not live (the pill alone is easy to miss). */
export function ConnectionBanner() {
  const { state, message, connections } = useConnection(useShallow((s) => ({ state: s.state, message: s.message, connections: s.connections })));
  if (state === 'live' || (state === 'connecting' && connections === 0 && !message)) return null;
  const why = message ? ` (${message})` : '';
  const text =
    state === 'redis-down'
      ? `Lantern cannot reach Redis${why}: what is shown is frozen at the last data received and resumes by itself.`
      : state === 'refused'
        ? `The server refused this page: ${message ?? 'reload it'}`
        : `Connection to Lantern lost${why}: what is shown is frozen at the last data received and resumes without gaps when it is back.`;
  return (
    <div className={`banner banner--${state === 'refused' || state === 'redis-down' ? 'error' : 'warn'}`} role="alert">
      {text}
    </div>
  );
}
