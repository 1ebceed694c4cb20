/**
 * The `data-*` attributes e2e tests and the benchmark read on a plot's frame (`data-point-count`,
 * `data-frame-index`...): the defaults are set once at mount, so a test never reads "absent" for "none yet".
 */
import { useEffect, type RefObject } from 'react';

export function useTestAttributeDefaults(frameRef: RefObject<HTMLElement | null>, defaults: Record<string, string>): void {
  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    for (const [name, value] of Object.entries(defaults)) if (el.dataset[name] === undefined) el.dataset[name] = value;
    // Defaults apply at mount only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
