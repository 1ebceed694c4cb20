import Link from 'next/link';
import { TopBar } from '@/components/layout/top-bar';

export const metadata = { title: 'Not found — Lantern' };

/** HTTP 404: an unknown scan key (expired from Redis, or a wrong link) or an unknown page. */
export default function NotFound() {
  return (
    <>
      <TopBar />
      <main className="page">
        <div className="empty empty--box" role="alert">
          <h1 className="notfound__title">Not found</h1>
          <p>No scan has this key: it may have expired from Redis (scans are kept for a limited time), or the link is wrong.</p>
          <p>
            <Link href="/" prefetch={false}>
              Back to the scan list
            </Link>
          </p>
        </div>
      </main>
    </>
  );
}
