/** Timeline marks for the benchmark and the browser's performance panel (first mark of each name only). */
export function markOnce(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function' && !performance.getEntriesByName(name, 'mark').length) performance.mark(name);
}
