/**
 * The scan file Bliss' NeXus writer would save, so that a simulated scan can be reopened from its file
 * once Redis has forgotten it: entry `<number>.1` (NXentry) with `title`, `start_time`, `end_time`,
 * `end_reason`, `instrument/<device>/<channel>` datasets (NXinstrument / NXdetector / NXpositioner),
 * `measurement/<channel>` links to them (NXcollection) and the plots as NXdata groups of links:
 * `plotselect` (the user's selection) or `plot0` (the scan's curve), named by the entry's `default`.
 *
 * Points are appended as they are published; the file appears at its final path only once finished.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NumericArray } from '../../lib/blissdata/dtype';
import { Hdf5FileWriter, type Hdf5Stack } from './hdf5-writer';
import type { StreamDecl } from './scan-info';

/** Where a saved scan goes: one file per scan in the dataset folder (never an existing file). */
export function nexusPathFor(dataDir: string, session: string, number: number): string {
  const base = path.join(dataDir, session, 'sample', 'sample_0001', `sample_0001_scan${String(number).padStart(4, '0')}`);
  for (let k = 1; ; k++) {
    const candidate = `${base}${k === 1 ? '' : `_${k}`}.h5`;
    if (!existsSync(candidate)) return candidate;
  }
}

/** `measurement/` name of a channel: its short name, or the whole name (':' as '_') when two share it. */
export function measurementNames(channels: readonly string[]): Map<string, string> {
  const short = (c: string) => c.slice(c.lastIndexOf(':') + 1);
  const count = new Map<string, number>();
  for (const c of channels) count.set(short(c), (count.get(short(c)) ?? 0) + 1);
  return new Map(channels.map((c) => [c, count.get(short(c))! > 1 ? c.replace(/[:/]/g, '_') : short(c).replace(/\//g, '_')]));
}

interface Channel {
  stack: Hdf5Stack;
  measurement: string;
}

export class NexusScanFile {
  private readonly channels = new Map<string, Channel>();
  private failed: string | null = null;

  private constructor(
    private readonly writer: Hdf5FileWriter,
    readonly entry: string,
  ) {}

  static async start(filePath: string, number: number, info: Record<string, unknown>, streams: readonly StreamDecl[]): Promise<NexusScanFile> {
    const writer = await Hdf5FileWriter.create(filePath);
    const entry = `/${number}.1`;
    const file = new NexusScanFile(writer, entry);
    try {
      writer.setAttributes('/', { NX_class: 'NXroot', default: `${number}.1`, creator: 'lantern simulator (Bliss NeXus layout)' });
      writer.group(entry, { NX_class: 'NXentry' });
      writer.value(`${entry}/title`, String(info.title ?? ''));
      writer.value(`${entry}/start_time`, String(info.start_time ?? new Date().toISOString()));
      writer.group(`${entry}/instrument`, { NX_class: 'NXinstrument' });
      writer.group(`${entry}/measurement`, { NX_class: 'NXcollection' });
      const numeric = streams.filter((s) => s.definition.encoding.type === 'numeric');
      const names = measurementNames(numeric.map((s) => s.name));
      for (const decl of numeric) {
        const encoding = decl.definition.encoding as { dtype_str: string; shape: number[] };
        // Variable shapes (-1) and big-endian data are not written (Bliss would; this simulator need not).
        if (encoding.shape.some((d) => d < 1) || encoding.dtype_str.startsWith('>')) continue;
        const cut = decl.name.lastIndexOf(':');
        const device = cut > 0 ? decl.name.slice(0, cut).replace(/[:/]/g, '_') : 'scan';
        const channel = (cut > 0 ? decl.name.slice(cut + 1) : decl.name).replace(/\//g, '_');
        writer.group(`${entry}/instrument/${device}`, { NX_class: decl.name.startsWith('axis:') ? 'NXpositioner' : 'NXdetector' });
        const dataPath = `${entry}/instrument/${device}/${channel}`;
        const stack = writer.createStack(dataPath, { dtype: encoding.dtype_str, pointShape: encoding.shape });
        const measurement = names.get(decl.name)!;
        writer.link(dataPath, `${entry}/measurement/${measurement}`);
        const unit = (decl.definition.info as { unit?: unknown } | undefined)?.unit ?? (info.channels as Record<string, { unit?: unknown }> | undefined)?.[decl.name]?.unit;
        if (typeof unit === 'string' && unit) writer.setAttributes(dataPath, { units: unit });
        file.channels.set(decl.name, { stack, measurement });
      }
    } catch (error) {
      writer.abort();
      throw error;
    }
    return file;
  }

  /** Points of a stream, as published (ignored for streams not in the file). */
  append(stream: string, data: NumericArray, points: number): void {
    const channel = this.channels.get(stream);
    if (!channel || this.failed) return;
    try {
      channel.stack.append(data, points);
    } catch (error) {
      // The scan goes on in Redis; the file is then dropped rather than left inconsistent.
      this.failed = `${stream}: ${(error as Error).message}`;
    }
  }

  /** End time, end reason and plots; then the file appears at its final path. */
  finish(info: Record<string, unknown>): string {
    if (this.failed) {
      this.writer.abort();
      throw new Error(`scan file not written: ${this.failed}`);
    }
    try {
      const w = this.writer;
      w.value(`${this.entry}/end_time`, String(info.end_time ?? new Date().toISOString()));
      if (typeof info.end_reason === 'string') w.value(`${this.entry}/end_reason`, info.end_reason);
      const plot = this.plot(info);
      if (plot) w.setAttributes(this.entry, { default: plot });
      return w.close();
    } catch (error) {
      this.writer.abort();
      throw error;
    }
  }

  abort(): void {
    this.writer.abort();
  }

  /** The default plot, as Bliss writes it: the user's `plotselect`, else the curve of the scan's axis. */
  private plot(info: Record<string, unknown>): string | null {
    const scalar = [...this.channels].filter(([, c]) => c.stack.length > 0 && !this.isArray(c));
    const axis = this.curveAxis(info) ?? scalar.find(([name]) => name.startsWith('axis:'))?.[0];
    const selected = ((info.display_extra as { plotselect?: unknown } | undefined)?.plotselect ?? []) as unknown[];
    const picked = selected.filter((s): s is string => typeof s === 'string' && this.channels.has(s) && s !== axis);
    const signals = picked.length ? picked : scalar.map(([n]) => n).filter((n) => n !== axis && !/(^|:)(elapsed_time|epoch)$/.test(n)).slice(0, 1);
    if (!signals.length) return null;
    const name = picked.length ? 'plotselect' : 'plot0';
    const group = `${this.entry}/${name}`;
    this.writer.group(group, { NX_class: 'NXdata' });
    const linked = [...signals, ...(axis && this.channels.has(axis) ? [axis] : [])];
    for (const channel of linked) this.writer.link(this.datasetPath(channel), `${group}/${this.channels.get(channel)!.measurement}`);
    const m = (c: string) => this.channels.get(c)!.measurement;
    this.writer.setAttributes(group, {
      signal: m(signals[0]!),
      ...(signals.length > 1 ? { auxiliary_signals: signals.slice(1).map(m) } : {}),
      ...(axis && this.channels.has(axis) ? { axes: [m(axis)] } : {}),
    });
    return name;
  }

  private curveAxis(info: Record<string, unknown>): string | undefined {
    for (const plot of (info.plots ?? []) as { kind?: string; items?: { x?: unknown }[] }[]) {
      if (plot.kind !== 'curve-plot') continue;
      const x = plot.items?.find((i) => typeof i.x === 'string')?.x;
      if (typeof x === 'string') return x;
    }
    return undefined;
  }

  private isArray(channel: Channel): boolean {
    return channel.stack.pointShape.length > 0;
  }

  private datasetPath(channel: string): string {
    return this.channels.get(channel)!.stack.dataPath;
  }
}
