/**
 * The free-form `scan_info` (scan document `info`) as blissdata 1.x/2.x, Sardana and older Bliss write it,
 * normalised so the rest of Lantern reads one spelling.
 *
 * Keys keep blissdata's snake_case names (they are what users see when the info is shown as a tree);
 * legacy hyphenated keys are mapped to them. Known keys are type-checked: a bad value is dropped with a
 * warning, never thrown. Unknown keys are kept verbatim. Nothing here validates more than Flint needs,
 * because nothing upstream validates scan_info at runtime either (blissdata's schema is TypedDicts only).
 *
 * Decision on `_display_extra` (written by old Bliss and some Sardana recorders): Flint 2.x ignores it.
 * We keep it under its own key and use it only when `display_extra` is absent (see
 * `effectiveDisplayExtra`), because it then carries the only selection the writer expressed, and there
 * is nothing it could contradict.
 */

export type AxisKind = 'forth' | 'backnforth' | 'step';

export interface ChannelInfo {
  [key: string]: unknown;
  /** 0 scalar, 1 spectrum/vector, 2 image, 3 image stack. Flint treats a missing dim as 0. */
  dim?: number;
  /** Device key (Sardana/bluesky writers set it; Bliss relies on `devices[*].channels`). */
  device?: string;
  display_name?: string;
  /** `"s"` marks a time base. */
  unit?: string;
  decimals?: number;
  start?: number;
  stop?: number;
  min?: number;
  max?: number;
  /** Expected total number of points (progress). */
  points?: number;
  axis_points?: number;
  axis_points_hint?: number;
  /** 0 is the fastest axis of a scatter. */
  axis_id?: number;
  axis_kind?: AxisKind;
  /** Channels of one scatter share a group. */
  group?: string;
  /** Flint ignores such channels. */
  file_only?: boolean;
  no_saving?: boolean;
}

export interface DeviceInfo {
  [key: string]: unknown;
  /** Required by Flint; the device key is used when missing. */
  name: string;
  channels?: string[];
  /** Device keys; a device with triggered devices is a master. */
  triggered_devices?: string[];
  /** `lima | lima2 | mca | mosca`; other values are kept (Flint treats them as unknown). */
  type?: string;
  /**
   * Free metadata. Flint 2.x reads `xaxis_channel`, `xaxis_array`, `xaxis_array_label`,
   * `xaxis_array_unit` and `representation` here; `xaxis_*` written at the device top level are copied
   * here when absent.
   */
  metadata?: Record<string, unknown>;
}

export interface ChainChannelLists {
  [key: string]: unknown;
  scalars?: string[];
  spectra?: string[];
  images?: string[];
}

export interface ChainInfo extends ChainChannelLists {
  /** Device key of the chain's first master. Missing only when neither it nor `devices[0]` exist. */
  top_master?: string;
  /** Deprecated: device keys, first = top master. */
  devices?: string[];
  master?: ChainChannelLists;
}

export interface CurveItemDescription {
  kind: 'curve';
  x?: string;
  y?: string;
  y_axis?: 'left' | 'right';
}

export interface ScatterItemDescription {
  kind: 'scatter';
  x?: string;
  y?: string;
  value?: string;
}

export interface OneDimItemDescription {
  kind: 'curve';
  y?: string;
}

export type PlotDescription =
  | { kind: 'curve-plot'; name?: string; items: CurveItemDescription[] }
  | { kind: 'scatter-plot'; name?: string; items: ScatterItemDescription[] }
  | { kind: '1d-plot'; name?: string; x?: string; items: OneDimItemDescription[] }
  | { kind: 'table-plot'; name?: string }
  /** A kind Flint does not accept (e.g. `image-plot`): kept so the plot model can say it skipped it. */
  | { kind: 'unsupported'; name?: string; originalKind: unknown };

export interface DisplayExtra {
  [key: string]: unknown;
  /** Channels to show, for curve and scatter plots. */
  displayed_channels?: string[];
  /** The user's last `plotselect`, for curve plots when `displayed_channels` is absent. */
  plotselect?: string[];
  /** Unix time (s) of that plotselect. */
  plotselect_time?: number;
}

export interface SequenceInfo {
  [key: string]: unknown;
  scan_count?: number;
}

/**
 * Normalised scan_info. `acquisition_chain`, `devices` and `channels` are always present and are
 * null-prototype objects (keys are names from the document): test keys with `in` or `Object.hasOwn`,
 * not `.hasOwnProperty`. They serialise to JSON like plain objects.
 */
export interface ScanInfo {
  [key: string]: unknown;
  acquisition_chain: Record<string, ChainInfo>;
  devices: Record<string, DeviceInfo>;
  channels: Record<string, ChannelInfo>;
  type?: string;
  title?: string;
  name?: string;
  scan_nb?: number;
  /** 0 = infinite, 1 = single count. */
  npoints?: number;
  /** Mesh scans of old writers. */
  npoints1?: number;
  npoints2?: number;
  count_time?: number;
  start_time?: string;
  end_time?: string;
  end_reason?: string;
  /** 2 asks for a scatter plot. */
  data_dim?: number;
  dim?: number;
  /** Key of the parent sequence scan. */
  group?: string;
  index_in_sequence?: number;
  is_scan_sequence?: boolean;
  sequence_info?: SequenceInfo;
  /** Absent = infer plots; present (even `[]`) = use it for curve/scatter/1d/table plots. */
  plots?: PlotDescription[];
  display_extra?: DisplayExtra;
  /** Legacy spelling, ignored by Flint 2.x; see `effectiveDisplayExtra`. */
  _display_extra?: DisplayExtra;
  save?: boolean;
}

export interface NormalizedScanInfo {
  info: ScanInfo;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Legacy spellings → blissdata 2.x spelling, per object level. */
const ROOT_ALIASES: Record<string, string> = {
  'sequence-info': 'sequence_info',
  'is-scan-sequence': 'is_scan_sequence',
  'data-dim': 'data_dim',
  'index-in-sequence': 'index_in_sequence',
};
const SEQUENCE_ALIASES: Record<string, string> = { 'scan-count': 'scan_count' };
const CHANNEL_ALIASES: Record<string, string> = {
  'axis-points': 'axis_points',
  'axis-points-hint': 'axis_points_hint',
  'axis-kind': 'axis_kind',
  'axis-id': 'axis_id',
  'display-name': 'display_name',
  'file-only': 'file_only',
  // Bliss 1.0 plural forms; Flint 2.x still maps them.
  'axes-points': 'axis_points',
  'axes-kind': 'axis_kind',
  axes_points: 'axis_points',
  axes_kind: 'axis_kind',
};
const DEVICE_ALIASES: Record<string, string> = { 'triggered-devices': 'triggered_devices' };
const DISPLAY_EXTRA_ALIASES: Record<string, string> = {
  'displayed-channels': 'displayed_channels',
  'plotselect-time': 'plotselect_time',
};

const XAXIS_KEYS = ['xaxis_channel', 'xaxis_array', 'xaxis_array_label', 'xaxis_array_unit'] as const;

/** BLISS 1.4 axis kinds that also encode the axis id (Flint's compatibility mapping). */
const LEGACY_AXIS_KINDS: Record<string, { id: number; kind: AxisKind }> = {
  fast: { id: 0, kind: 'forth' },
  'fast-backnforth': { id: 0, kind: 'backnforth' },
  slow: { id: 1, kind: 'forth' },
  'slow-backnforth': { id: 1, kind: 'backnforth' },
};

class Reader {
  readonly warnings: string[] = [];

  warn(path: string, message: string): void {
    this.warnings.push(path ? `${path}: ${message}` : message);
  }

  /** Renames legacy keys, keeping key order. The modern key wins when both are present. */
  renameLegacy(obj: Obj, aliases: Record<string, string>, path: string): Obj {
    const out: Obj = {};
    for (const [key, value] of Object.entries(obj)) {
      const target = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
      if (target === undefined) {
        if (!Object.hasOwn(out, key)) put(out, key, value);
        continue;
      }
      if (Object.hasOwn(obj, target) || Object.hasOwn(out, target)) {
        const kept = Object.hasOwn(obj, target) ? obj[target] : out[target];
        if (JSON.stringify(kept) !== JSON.stringify(value)) {
          this.warn(path, `both "${key}" and "${target}" are set; "${target}" is used`);
        }
        continue;
      }
      put(out, target, value);
    }
    return out;
  }

  /** A finite number (numeric strings accepted, as Python's float()/int() do). */
  number(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    this.warn(path, `expected a number, found ${describe(value)}; ignored`);
    return undefined;
  }

  /** An integer, truncated like Python's int(). */
  integer(value: unknown, path: string): number | undefined {
    const n = this.number(value, path);
    return n === undefined ? undefined : Math.trunc(n);
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.warn(path, `expected a string, found ${describe(value)}; ignored`);
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    this.warn(path, `expected a boolean, found ${describe(value)}; ignored`);
    return undefined;
  }

  /** A list of strings; non-string entries are dropped one by one. */
  stringList(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.warn(path, `expected a list of names, found ${describe(value)}; ignored`);
      return undefined;
    }
    const out: string[] = [];
    value.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.warn(`${path}[${i}]`, `expected a name, found ${describe(item)}; skipped`);
    });
    return out;
  }

  /** Flint's rule for display_extra lists: any non-string entry voids the whole list. */
  strictStringList(value: unknown, path: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.warn(path, `is not a list; ignored`);
      return undefined;
    }
    if (!value.every((v) => typeof v === 'string')) {
      this.warn(path, `must only contain strings; ignored`);
      return undefined;
    }
    return [...(value as string[])];
  }
}

/** Defines an own property, also for a JSON key named `__proto__` (plain assignment would set the prototype). */
function put(obj: Obj, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text !== undefined && text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

/** Sets `out[key]` to the checked value, or removes the key when the value was absent or invalid. */
function assign<T>(out: Obj, key: string, value: T | undefined): void {
  if (value === undefined) delete out[key];
  else out[key] = value;
}

function readChannel(r: Reader, name: string, raw: unknown): ChannelInfo | undefined {
  const path = `channels["${name}"]`;
  if (!isObj(raw)) {
    r.warn(path, `expected an object, found ${describe(raw)}; channel skipped`);
    return undefined;
  }
  const out: Obj = r.renameLegacy(raw, CHANNEL_ALIASES, path);
  for (const key of ['start', 'stop', 'min', 'max'] as const) assign(out, key, r.number(out[key], `${path}.${key}`));
  for (const key of ['dim', 'points', 'axis_points', 'axis_points_hint', 'axis_id', 'decimals'] as const) {
    assign(out, key, r.integer(out[key], `${path}.${key}`));
  }
  for (const key of ['device', 'display_name', 'unit', 'group'] as const) assign(out, key, r.string(out[key], `${path}.${key}`));
  for (const key of ['file_only', 'no_saving'] as const) assign(out, key, r.boolean(out[key], `${path}.${key}`));

  const kind = out.axis_kind;
  if (kind !== undefined && kind !== null) {
    const legacy = typeof kind === 'string' ? LEGACY_AXIS_KINDS[kind] : undefined;
    if (legacy) {
      if (out.axis_id !== undefined && out.axis_id !== legacy.id) {
        r.warn(path, `axis_kind "${String(kind)}" implies axis_id ${legacy.id}; axis_id ${String(out.axis_id)} ignored`);
      }
      out.axis_id = legacy.id;
      out.axis_kind = legacy.kind;
    } else if (kind !== 'forth' && kind !== 'backnforth' && kind !== 'step') {
      r.warn(`${path}.axis_kind`, `unknown axis kind ${describe(kind)}; ignored`);
      delete out.axis_kind;
    }
  } else {
    delete out.axis_kind;
  }
  if (typeof out.dim === 'number' && out.dim < 0) {
    r.warn(`${path}.dim`, `negative dim ${out.dim}; ignored`);
    delete out.dim;
  }
  return out as ChannelInfo;
}

function readDevice(r: Reader, key: string, raw: unknown): DeviceInfo | undefined {
  const path = `devices["${key}"]`;
  if (!isObj(raw)) {
    r.warn(path, `expected an object, found ${describe(raw)}; device skipped`);
    return undefined;
  }
  const out: Obj = r.renameLegacy(raw, DEVICE_ALIASES, path);
  const name = r.string(out.name, `${path}.name`);
  if (name === undefined) r.warn(path, `has no name; its key is used`);
  out.name = name ?? key;
  assign(out, 'channels', r.stringList(out.channels, `${path}.channels`));
  assign(out, 'triggered_devices', r.stringList(out.triggered_devices, `${path}.triggered_devices`));
  assign(out, 'type', r.string(out.type, `${path}.type`));

  let metadata: Obj | undefined;
  if (out.metadata !== undefined && out.metadata !== null) {
    if (isObj(out.metadata)) metadata = { ...out.metadata };
    else r.warn(`${path}.metadata`, `expected an object, found ${describe(out.metadata)}; ignored`);
  }
  // Flint 2.x reads xaxis_* only inside `metadata`; some writers put them at the device top level.
  for (const xkey of XAXIS_KEYS) {
    if (out[xkey] !== undefined && out[xkey] !== null && (metadata === undefined || metadata[xkey] === undefined)) {
      metadata = { ...metadata, [xkey]: out[xkey] };
    }
  }
  assign(out, 'metadata', metadata);
  return out as DeviceInfo;
}

function readChannelLists(r: Reader, raw: Obj, path: string): Obj {
  const out: Obj = { ...raw };
  for (const key of ['scalars', 'spectra', 'images'] as const) assign(out, key, r.stringList(raw[key], `${path}.${key}`));
  return out;
}

function readChain(r: Reader, name: string, raw: unknown): ChainInfo | undefined {
  const path = `acquisition_chain["${name}"]`;
  if (!isObj(raw)) {
    r.warn(path, `expected an object, found ${describe(raw)}; chain skipped`);
    return undefined;
  }
  const out = readChannelLists(r, raw, path);
  assign(out, 'devices', r.stringList(raw.devices, `${path}.devices`));
  if (raw.master !== undefined && raw.master !== null) {
    if (isObj(raw.master)) out.master = readChannelLists(r, raw.master, `${path}.master`);
    else {
      r.warn(`${path}.master`, `expected an object, found ${describe(raw.master)}; ignored`);
      delete out.master;
    }
  }
  let top = r.string(raw.top_master, `${path}.top_master`);
  if (top === undefined) {
    const first = (out.devices as string[] | undefined)?.[0];
    if (first !== undefined) {
      r.warn(path, `has no top_master; using the first of its devices, "${first}" (Flint would skip the scan)`);
      top = first;
    } else {
      r.warn(path, `has no top_master and no devices; nothing of it can be displayed`);
    }
  }
  assign(out, 'top_master', top);
  return out as ChainInfo;
}

/**
 * Channel/device/chain maps are keyed by names from the document: they get no prototype, so a channel
 * called `constructor` is not found on Object.prototype and a `__proto__` key stays a plain entry.
 */
function readRecord<T>(r: Reader, raw: unknown, path: string, item: (key: string, value: unknown) => T | undefined): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (raw === undefined || raw === null) return out;
  if (!isObj(raw)) {
    r.warn(path, `expected an object, found ${describe(raw)}; ignored`);
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    const v = item(key, value);
    if (v !== undefined) put(out, key, v);
  }
  return out;
}

function readItems<T>(r: Reader, raw: Obj, path: string, read: (item: Obj, path: string) => T | undefined): T[] {
  if (!Array.isArray(raw.items)) {
    // Flint: "'items' not using the right type. List expected. Ignored."
    if (raw.items !== undefined) r.warn(`${path}.items`, `expected a list, found ${describe(raw.items)}; ignored`);
    return [];
  }
  const out: T[] = [];
  raw.items.forEach((item: unknown, i: number) => {
    const itemPath = `${path}.items[${i}]`;
    if (!isObj(item)) {
      r.warn(itemPath, `expected an object, found ${describe(item)}; skipped`);
      return;
    }
    const v = read(item, itemPath);
    if (v !== undefined) out.push(v);
  });
  return out;
}

function itemOfKind(r: Reader, item: Obj, path: string, kind: 'curve' | 'scatter'): boolean {
  if (item.kind === kind) return true;
  r.warn(path, `item kind ${describe(item.kind)} is not supported here (Flint ignores it); skipped`);
  return false;
}

function optionalFields<K extends string>(r: Reader, item: Obj, path: string, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const v = r.string(item[key], `${path}.${key}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function readPlot(r: Reader, raw: unknown, path: string): PlotDescription | undefined {
  if (!isObj(raw)) {
    r.warn(path, `plot description is not an object; skipped`);
    return undefined;
  }
  const named = optionalFields(r, raw, path, ['name'] as const);
  switch (raw.kind) {
    case 'curve-plot':
      return {
        kind: 'curve-plot',
        ...named,
        items: readItems(r, raw, path, (item, p) => {
          if (!itemOfKind(r, item, p, 'curve')) return undefined;
          const out: CurveItemDescription = { kind: 'curve', ...optionalFields(r, item, p, ['x', 'y'] as const) };
          if (item.y_axis === 'left' || item.y_axis === 'right') out.y_axis = item.y_axis;
          else if (item.y_axis !== undefined && item.y_axis !== null) r.warn(`${p}.y_axis`, `expected "left" or "right"; ignored`);
          return out;
        }),
      };
    case 'scatter-plot':
      return {
        kind: 'scatter-plot',
        ...named,
        items: readItems(r, raw, path, (item, p) =>
          itemOfKind(r, item, p, 'scatter') ? { kind: 'scatter', ...optionalFields(r, item, p, ['x', 'y', 'value'] as const) } : undefined,
        ),
      };
    case '1d-plot':
      return {
        kind: '1d-plot',
        ...named,
        ...optionalFields(r, raw, path, ['x'] as const),
        items: readItems(r, raw, path, (item, p) =>
          itemOfKind(r, item, p, 'curve') ? { kind: 'curve', ...optionalFields(r, item, p, ['y'] as const) } : undefined,
        ),
      };
    case 'table-plot':
      return { kind: 'table-plot', ...named };
    default:
      return { kind: 'unsupported', ...named, originalKind: raw.kind };
  }
}

function readDisplayExtra(r: Reader, raw: unknown, path: string): DisplayExtra | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw)) {
    r.warn(path, `expected an object, found ${describe(raw)}; ignored`);
    return undefined;
  }
  const out: Obj = r.renameLegacy(raw, DISPLAY_EXTRA_ALIASES, path);
  assign(out, 'displayed_channels', r.strictStringList(out.displayed_channels, `${path}.displayed_channels`));
  assign(out, 'plotselect', r.strictStringList(out.plotselect, `${path}.plotselect`));
  assign(out, 'plotselect_time', r.number(out.plotselect_time, `${path}.plotselect_time`));
  return out as DisplayExtra;
}

/**
 * Normalises a scan document's `info`. Never throws: whatever is not usable is skipped with a warning
 * (a non-object `info` gives an empty one).
 */
export function normalizeScanInfo(raw: unknown): NormalizedScanInfo {
  const r = new Reader();
  let src: Obj;
  if (isObj(raw)) src = raw;
  else {
    r.warn('', `scan_info is ${describe(raw)}, not an object; treated as empty`);
    src = {};
  }
  const out: Obj = r.renameLegacy(src, ROOT_ALIASES, '');

  // Bliss 1.x (2020) kept channel metadata under `requests`.
  let channelsRaw = out.channels;
  if ((channelsRaw === undefined || channelsRaw === null) && isObj(out.requests)) {
    r.warn('', 'channel metadata read from the legacy "requests" key');
    channelsRaw = out.requests;
  }
  out.channels = readRecord(r, channelsRaw, 'channels', (k, v) => readChannel(r, k, v));
  out.devices = readRecord(r, out.devices, 'devices', (k, v) => readDevice(r, k, v));
  out.acquisition_chain = readRecord(r, out.acquisition_chain, 'acquisition_chain', (k, v) => readChain(r, k, v));

  for (const key of ['type', 'title', 'name', 'start_time', 'end_time', 'end_reason', 'group'] as const) {
    assign(out, key, r.string(out[key], key));
  }
  for (const key of ['scan_nb', 'npoints', 'npoints1', 'npoints2', 'data_dim', 'dim', 'index_in_sequence'] as const) {
    assign(out, key, r.integer(out[key], key));
  }
  assign(out, 'count_time', r.number(out.count_time, 'count_time'));
  assign(out, 'save', r.boolean(out.save, 'save'));
  // Flint tests truthiness; blissdata only ever writes `true`.
  const sequenceFlag = out.is_scan_sequence;
  if (sequenceFlag !== undefined && sequenceFlag !== null && typeof sequenceFlag !== 'boolean') {
    r.warn('is_scan_sequence', `expected a boolean, found ${describe(sequenceFlag)}; read as ${Boolean(sequenceFlag)}`);
  }
  assign(out, 'is_scan_sequence', sequenceFlag === undefined || sequenceFlag === null ? undefined : Boolean(sequenceFlag));

  if (out.sequence_info !== undefined && out.sequence_info !== null) {
    if (isObj(out.sequence_info)) {
      const seq = r.renameLegacy(out.sequence_info, SEQUENCE_ALIASES, 'sequence_info');
      assign(seq, 'scan_count', r.integer(seq.scan_count, 'sequence_info.scan_count'));
      out.sequence_info = seq;
    } else {
      r.warn('sequence_info', `expected an object, found ${describe(out.sequence_info)}; ignored`);
      delete out.sequence_info;
    }
  } else delete out.sequence_info;

  if ('plots' in out) {
    if (Array.isArray(out.plots)) {
      out.plots = out.plots.map((p: unknown, i: number) => readPlot(r, p, `plots[${i}]`)).filter((p): p is PlotDescription => p !== undefined);
    } else {
      // Flint: `"plots" in scan_info` selects the explicit path, and a non-list reads as no plot.
      r.warn('plots', `expected a list, found ${describe(out.plots)}; read as an empty list (no inferred curve/scatter)`);
      out.plots = [];
    }
  }
  assign(out, 'display_extra', readDisplayExtra(r, out.display_extra, 'display_extra'));
  assign(out, '_display_extra', readDisplayExtra(r, out._display_extra, '_display_extra'));

  return { info: out as ScanInfo, warnings: r.warnings };
}

// ---------------------------------------------------------------------------------------------
// Helpers used by the UI and the plot model
// ---------------------------------------------------------------------------------------------

/** The display_extra to apply: `display_extra`, else the legacy `_display_extra` (see the file header). */
export function effectiveDisplayExtra(info: ScanInfo): { extra: DisplayExtra | undefined; source: 'display_extra' | '_display_extra' | null } {
  if (info.display_extra !== undefined) return { extra: info.display_extra, source: 'display_extra' };
  if (info._display_extra !== undefined) return { extra: info._display_extra, source: '_display_extra' };
  return { extra: undefined, source: null };
}

/** Short name of a channel: the part after the last `:` (`axis:roby` → `roby`). */
export function channelShortName(name: string): string {
  const i = name.lastIndexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Device part of a channel full name (`simulation_diode_sampling_controller:diode1` → the controller). */
export function channelDevicePrefix(name: string): string | undefined {
  const i = name.lastIndexOf(':');
  return i < 0 ? undefined : name.slice(0, i);
}

/** Label for a channel: its `display_name`, else its short name. */
export function channelDisplayName(info: ScanInfo, name: string): string {
  const display = info.channels[name]?.display_name;
  return display !== undefined && display !== '' ? display : channelShortName(name);
}

export type TimeKind = 'elapsed' | 'epoch' | 'time';

/**
 * Whether a channel is a time base. Flint's rule is `unit == "s"` and nothing else; when the unit is
 * unknown we also recognise Bliss timer channels by name (`timer:…`, `…:elapsed_time`, `…:epoch`) and
 * Sardana's `dt`, so minimal writers that omit units still get time on x and not plotted as a counter.
 * A unit other than `"s"` always wins.
 */
export function isTimeChannel(info: ScanInfo | undefined, name: string, unitOverride?: string): boolean {
  return timeKind(info, name, unitOverride) !== null;
}

/** Which kind of time a channel holds (`epoch` is absolute: show it as a date), or null. */
export function timeKind(info: ScanInfo | undefined, name: string, unitOverride?: string): TimeKind | null {
  const unit = info?.channels[name]?.unit ?? unitOverride;
  const short = channelShortName(name);
  const byName: TimeKind | null =
    short === 'epoch' ? 'epoch' : short === 'elapsed_time' || short === 'dt' ? 'elapsed' : name.startsWith('timer:') ? 'time' : null;
  if (unit === 's') return byName ?? 'time';
  if (unit !== undefined && unit !== '') return null;
  return byName;
}

/** Flint's scan categories (`flint/scan_info_parser/categories.py`). */
const SCAN_CATEGORY: Record<string, 'point' | 'nscan' | 'mesh'> = {
  ct: 'point',
  timescan: 'nscan',
  loopscan: 'nscan',
  lookupscan: 'nscan',
  pointscan: 'nscan',
  ascan: 'nscan',
  a2scan: 'nscan',
  a3scan: 'nscan',
  a4scan: 'nscan',
  anscan: 'nscan',
  dscan: 'nscan',
  d2scan: 'nscan',
  d3scan: 'nscan',
  d4scan: 'nscan',
  dnscan: 'nscan',
  limatake: 'nscan',
  amesh: 'mesh',
  dmesh: 'mesh',
};

export function scanCategory(info: ScanInfo): 'point' | 'nscan' | 'mesh' | 'unknown' {
  return (info.type !== undefined ? SCAN_CATEGORY[info.type] : undefined) ?? 'unknown';
}

/** Flint's INFINITY_SCAN feature: a timescan, or `npoints == 0`. */
export function isInfiniteScan(info: ScanInfo): boolean {
  return info.type === 'timescan' || info.npoints === 0;
}

export function isScanSequence(info: ScanInfo): boolean {
  return info.is_scan_sequence === true;
}

/** Number of scans a sequence announces (`sequence_info.scan_count`), or null. */
export function sequenceScanCount(info: ScanInfo): number | null {
  const n = info.sequence_info?.scan_count;
  return n !== undefined && n > 0 ? n : null;
}

/**
 * Expected number of points: of a channel (`channels[name].points`), else of the scan (`npoints`, or
 * `npoints1 * npoints2` for old mesh writers); for a sequence, the number of scans. 0 means infinite,
 * null unknown.
 */
export function expectedPoints(info: ScanInfo, channel?: string): number | null {
  if (isScanSequence(info)) return sequenceScanCount(info);
  if (channel !== undefined) {
    const points = info.channels[channel]?.points;
    if (points !== undefined) return Math.max(points, 0);
  }
  if (info.npoints !== undefined) return Math.max(info.npoints, 0);
  if (info.npoints1 !== undefined && info.npoints2 !== undefined) return Math.max(info.npoints1 * info.npoints2, 0);
  return null;
}

/**
 * How to measure a scan's progress, following Flint's `scan_info_parser/progress.py`: one channel per
 * distinct `points` value (scans with several top masters), an indeterminate strategy for infinite
 * scans, the sequence's scan count, and `npoints` only when nothing else applies. The fraction is the
 * mean of the applicable strategies.
 */
export interface ProgressPlan {
  /** Sequences: number of sub-scans announced. */
  scanCount: number | null;
  /** Channel → expected points (> 0). */
  channels: { channel: string; points: number }[];
  /** Infinite scan: progress is only "started / finished". */
  infiniteChannel: string | null;
  /** Fallback when no channel declares `points`: expected points of any channel. */
  npoints: number | null;
}

export function progressPlan(info: ScanInfo): ProgressPlan {
  const plan: ProgressPlan = { scanCount: null, channels: [], infiniteChannel: null, npoints: null };
  if (isScanSequence(info)) plan.scanCount = sequenceScanCount(info);
  const seen = new Set<number>();
  for (const [name, channel] of Object.entries(info.channels)) {
    if (channel.points === undefined || channel.points <= 0 || seen.has(channel.points)) continue;
    seen.add(channel.points);
    plan.channels.push({ channel: name, points: channel.points });
  }
  const names = Object.keys(info.channels);
  if (isInfiniteScan(info) && names[0] !== undefined) plan.infiniteChannel = names[0];
  if (plan.scanCount === null && plan.channels.length === 0 && plan.infiniteChannel === null) {
    const n = expectedPoints(info);
    if (n !== null && n > 0) plan.npoints = n;
  }
  return plan;
}

export interface ProgressState {
  /** Points received so far for a channel (undefined when unknown). */
  pointsOf(channel: string): number | undefined;
  /** Points received by the most advanced scalar or image channel, for the `npoints` fallback. */
  anyPoints?: number;
  /** Sequences: sub-scans finished. */
  subScansDone?: number;
  finished: boolean;
}

/** Progress in [0, 1], or null when nothing tells. Infinite scans report 0, 0.5 while running, 1 at the end. */
export function progressFraction(plan: ProgressPlan, state: ProgressState): number | null {
  const values: number[] = [];
  if (plan.scanCount !== null && state.subScansDone !== undefined) values.push(state.subScansDone / plan.scanCount);
  for (const { channel, points } of plan.channels) {
    const got = state.pointsOf(channel);
    if (got !== undefined) values.push(got / points);
  }
  if (plan.infiniteChannel !== null) {
    const got = state.pointsOf(plan.infiniteChannel);
    if (state.finished) values.push(1);
    else if (got !== undefined) values.push(got === 0 ? 0 : 0.5);
  }
  if (plan.npoints !== null && state.anyPoints !== undefined) values.push(state.anyPoints / plan.npoints);
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.min(Math.max(mean, 0), 1);
}
