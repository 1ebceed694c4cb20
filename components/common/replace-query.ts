/**
 * Rewrites the address bar without navigating. The history entry's own state goes along: Next's router
 * then leaves the entry to us instead of dispatching a "restore" of this page, which would discard a
 * navigation the user has started meanwhile (a link clicked while a view change waited to be written).
 */
export function replaceUrlKeepingEntry(url: string): void {
  window.history.replaceState(window.history.state, '', url);
}
