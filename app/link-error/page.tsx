import styles from '@/components/auth/auth.module.css';

export const metadata = { title: 'Link not valid — Lantern' };

type Search = Promise<Record<string, string | string[] | undefined>>;

const REASONS: Record<string, { title: string; text: string }> = {
  expired: { title: 'This share link has expired', text: 'Share links are valid until the date chosen by the person who made them. Ask them for a new link.' },
  invalid: { title: 'This share link is not valid', text: 'It was altered or cut when copied, or it has been revoked. Ask the person who sent it for a new link.' },
  forbidden: { title: 'You do not have access to this scan', text: 'It belongs to a proposal or session you are not part of. Sign in with another account, or ask for a share link.' },
};

/** Where a refused link or an out-of-scope scan lands: what happened, never any data. */
export default async function LinkErrorPage({ searchParams }: { searchParams: Search }) {
  const { reason } = await searchParams;
  const what = REASONS[Array.isArray(reason) ? (reason[0] ?? '') : (reason ?? '')] ?? REASONS.invalid!;
  return (
    <main className={styles.card}>
      <h1 className={styles.title} role="alert">
        {what.title}
      </h1>
      <p className={styles.text}>{what.text}</p>
      {/* Full page loads: the server decides what this browser may see. */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a className={styles.primary} href="/">
        Scan list
      </a>{' '}
      <a className="btn" href="/login">
        Sign in
      </a>
    </main>
  );
}
