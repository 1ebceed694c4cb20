'use client';
/**
 * Sends the browser to the login or link page when the server refuses the page's socket.io connection
 * (a login or share link that expired while the page was open), instead of retrying forever. On the
 * login and link pages themselves there is nothing to connect for.
 */
import { useEffect } from 'react';
import { useSocket } from '../client/connection-provider';

const QUIET_PAGES = ['/login', '/link-error'];

export function AuthWatcher() {
  const socket = useSocket();
  useEffect(() => {
    if (!socket) return;
    if (QUIET_PAGES.includes(window.location.pathname)) {
      socket.disconnect();
      return;
    }
    /* eslint-disable @next/next/no-location-assign-relative-destination -- a full load: the server's gate decides */
    const onError = (error: Error & { data?: { type?: unknown } }) => {
      const type = error.data?.type;
      const here = window.location.pathname + window.location.search;
      if (type === 'Unauthorized') window.location.assign(`/login?next=${encodeURIComponent(here)}`);
      else if (type === 'LinkExpired') window.location.assign('/link-error?reason=expired');
      else if (type === 'LinkInvalid') window.location.assign('/link-error?reason=invalid');
    };
    /* eslint-enable @next/next/no-location-assign-relative-destination */
    socket.on('connect_error', onError);
    return () => {
      socket.off('connect_error', onError);
    };
  }, [socket]);
  return null;
}
