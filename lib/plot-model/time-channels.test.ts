/**
 * Time channels: Flint takes only channels with unit "s" (`_infer_default_curve_plot`,
 * `_select_default_counter`, `plot_priority` in flint/scan_info_parser/plots.py). Lantern also takes
 * unit-less epoch / elapsed_time / dt / timer:* channels, and says so in the plot notes.
 */
import { describe, expect, it } from 'vitest';
import { normalizeScanInfo } from '../blissdata/scan-info';
import { createPlotModels } from './index';
import { streamsOf, workedExampleInfo } from './test-fixtures';

function setup(unit: string | undefined) {
  const info = workedExampleInfo() as Record<string, unknown> & { channels: Record<string, { unit?: string }> };
  if (unit === undefined) delete info.channels['timer:epoch']!.unit;
  else info.channels['timer:epoch']!.unit = unit;
  return createPlotModels(normalizeScanInfo(info).info, streamsOf(info));
}

describe('time channels', () => {
  it('notes a channel taken as a time base from its name only', () => {
    expect(setup(undefined).warnings).toContain('"timer:epoch" is used as a time base from its name (it has no unit; Flint only treats unit "s" as time)');
  });

  it('says nothing when the unit is "s", as for Flint', () => {
    expect(setup('s').warnings.filter((w) => w.includes('time base'))).toEqual([]);
  });
});
