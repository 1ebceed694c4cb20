/** The view a page opens with, from its query (the URL or the kiosk's parameters). */
import { layoutFromParams } from '@/lib/view-state/layout';
import { hasViewParams, viewStateFromParams } from '@/lib/view-state/url';
import type { InitialView } from './store/scan-store';

export function initialViewFrom(query: string | URLSearchParams | Record<string, string | string[] | undefined>): InitialView {
  const { plot, view, others } = viewStateFromParams(query);
  const { layout } = layoutFromParams(typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query);
  return { plot, view, explicit: hasViewParams(query), ...(others ? { others } : {}), ...(layout ? { layout } : {}) };
}
