'use client';
/** Last-resort boundary for a page: says what broke and offers a retry; the connection stays up. */
import Link from 'next/link';
import { useEffect } from 'react';

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error('Lantern page failed', error), [error]);
  return (
    <main className="page">
      <div className="empty empty--box" role="alert">
        <strong>This page failed to draw.</strong>
        <div className="failure__message">{error.message}</div>
        <p>
          <button type="button" className="btn" onClick={() => reset()}>
            Retry
          </button>{' '}
          <Link className="btn btn--ghost" href="/">
            Scan list
          </Link>
        </p>
      </div>
    </main>
  );
}
