'use client';
/** The signed-in user and "Sign out", in the top bar; nothing in open mode without a user. */
import styles from './auth.module.css';
import { useMe } from './use-me';

export function AccountMenu() {
  const me = useMe();
  if (!me || (me.via !== 'oidc' && me.via !== 'proxy' && me.via !== 'link')) return null;
  return (
    <div className={styles.account} data-account={me.user ?? ''}>
      <span title={me.via === 'link' ? 'Viewing through a share link' : `Signed in (${me.via === 'oidc' ? 'single sign-on' : 'facility portal'})`}>{me.user ?? 'share link'}</span>
      {me.via === 'oidc' || me.via === 'link' ? (
        // A form, not a link: signing out changes state, so it is a POST (the server refuses GET).
        <form method="post" action="/auth/logout" className={styles.signOut}>
          <button type="submit">{me.via === 'link' ? 'Forget link' : 'Sign out'}</button>
        </form>
      ) : null}
    </div>
  );
}
