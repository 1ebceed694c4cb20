/**
 * The scan's positioners (every motor's position at the start and end of the scan, user and dial) from
 * `scan_info.positioners`, for a readable table. Same reading as Flint's `get_all_positioners`: names in order
 * of first appearance across start, end, dial start, dial end and units; a missing or non-numeric value is
 * undefined, not an error (scan_info is written by other programs).
 */
export interface Positioner {
  name: string;
  start?: number;
  end?: number;
  dialStart?: number;
  dialEnd?: number;
  unit?: string;
}

const GROUPS = ['positioners_start', 'positioners_end', 'positioners_dial_start', 'positioners_dial_end', 'positioners_units'] as const;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Rows of the positioners table; [] when the scan has none. */
export function positionersOf(scanInfo: unknown): Positioner[] {
  const all = record(record(scanInfo)?.positioners);
  if (!all) return [];
  const groups = GROUPS.map((g) => record(all[g]));
  const names: string[] = [];
  for (const g of groups) for (const name of Object.keys(g ?? {})) if (!names.includes(name)) names.push(name);
  const [start, end, dialStart, dialEnd, units] = groups;
  return names.map((name) => {
    const row: Positioner = { name };
    const set = <K extends keyof Positioner>(key: K, value: Positioner[K] | undefined) => {
      if (value !== undefined) row[key] = value;
    };
    set('start', num(start?.[name]));
    set('end', num(end?.[name]));
    set('dialStart', num(dialStart?.[name]));
    set('dialEnd', num(dialEnd?.[name]));
    const unit = units?.[name];
    set('unit', typeof unit === 'string' && unit ? unit : undefined);
    return row;
  });
}
