/** A LANTERN_DATA_DIR that cannot be created does not stop Lantern: the catalogue lives in memory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../scripts/simulator';
import { withLantern } from '../testing/lantern-fixture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-unwritable-'));
const blocker = path.join(dir, 'not-a-folder');
writeFileSync(blocker, 'a file where the catalogue folder should be');
const lantern = withLantern({ env: { LANTERN_DATA_DIR: path.join(blocker, 'catalogue') } });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an unusable LANTERN_DATA_DIR', () => {
  it('leaves the live view and the search working for the scans of this run', async () => {
    const store = await lantern.redis.store();
    const scan = await runScenario(store, 'ct', { seed: 1 });
    const deadline = Date.now() + 10_000;
    let found: { key: string; state: string } | undefined;
    while (!found && Date.now() < deadline) {
      const body = (await (await fetch(`${lantern.url}/api/scans?type=ct`)).json()) as { scans: { key: string; state: string }[] };
      found = body.scans.find((s) => s.key === scan.key && s.state === 'CLOSED');
      if (!found) await new Promise((r) => setTimeout(r, 20));
    }
    expect(found).toMatchObject({ key: scan.key, state: 'CLOSED', source: 'redis' });
    expect((await fetch(`${lantern.url}/api/scans/${encodeURIComponent(scan.key)}`)).status).toBe(200);
  });
});
