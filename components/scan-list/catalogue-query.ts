/**
 * The catalogue search as it appears in the page URL (`/?q=...&type=...`, shareable) and as the REST
 * query sent to GET /api/scans. Pure: the same fields both ways.
 */
export const SEARCH_FIELDS = ['q', 'session', 'proposal', 'type', 'motor', 'endReason', 'from', 'to'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export type CatalogueQuery = Partial<Record<SearchField, string>>;

type Raw = Record<string, string | string[] | undefined> | URLSearchParams;

/** The search fields of a page query; null when it holds none (the live list is shown then). */
export function catalogueQueryOf(raw: Raw): CatalogueQuery | null {
  const get = (name: string) => {
    const value = raw instanceof URLSearchParams ? raw.get(name) : raw[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
  };
  const query: CatalogueQuery = {};
  for (const field of SEARCH_FIELDS) {
    const value = get(field);
    if (value !== undefined) query[field] = value;
  }
  // `/?session=x` alone is the live list of that session; `search=1` opens the search with no other
  // criterion (every catalogued scan, newest first).
  const searching = Object.keys(query).some((f) => f !== 'session') || get('search') !== undefined;
  return searching ? query : null;
}

/** The query string of a search, in field order (stable URLs). */
export function catalogueSearchString(query: CatalogueQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const field of SEARCH_FIELDS) {
    const value = query[field]?.trim();
    if (value) params.set(field, value);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** The page URL of a search (`search=1` when only the session, or nothing, is set). */
export function catalogueSearchHref(query: CatalogueQuery): string {
  const onlySession = SEARCH_FIELDS.every((f) => f === 'session' || !query[f]?.trim());
  return `/?${catalogueSearchString(query, onlySession ? { search: '1' } : {})}`;
}
