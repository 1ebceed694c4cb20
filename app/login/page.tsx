import styles from '@/components/auth/auth.module.css';

export const metadata = { title: 'Sign in — Lantern' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A local path only: the login flow never sends the browser to another site. */
function localPath(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** The one page a protected Lantern shows to anonymous visitors. */
export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const query = await searchParams;
  const next = localPath(first(query.next));
  const error = first(query.error);
  const proxyOnly = error === 'no-oidc';
  return (
    <main className={styles.card}>
      <h1 className={styles.title}>
        <span className="topbar__logo" aria-hidden="true" /> Lantern
      </h1>
      {first(query.signedOut) ? <p className={styles.notice}>You are signed out.</p> : null}
      {error && !proxyOnly ? (
        <p className={styles.error} role="alert">
          Sign-in failed — {error}
        </p>
      ) : null}
      {proxyOnly ? (
        <p className={styles.text} role="alert">
          This Lantern receives identities from the facility&apos;s sign-on portal. Open it through the portal&apos;s address, or ask for a share link to one scan.
        </p>
      ) : (
        <>
          <p className={styles.text}>This Lantern shows the scans of your proposals. Sign in with your facility account, or open a share link you were given.</p>
          <a className={styles.primary} href={`/auth/login?next=${encodeURIComponent(next)}`}>
            Sign in
          </a>
        </>
      )}
    </main>
  );
}
