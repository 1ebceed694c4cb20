import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataRoots, FileMissingError, PathNotAllowedError } from './data-roots';

let tmp: string;
let root: string;
let outside: string;

beforeAll(async () => {
  // realpath: on some systems the temp dir itself is behind a symlink.
  tmp = await realpath(await mkdtemp(path.join(tmpdir(), 'lantern-roots-')));
  root = path.join(tmp, 'root');
  outside = path.join(tmp, 'outside');
  await mkdir(path.join(root, 'scan0001'), { recursive: true });
  await mkdir(path.join(tmp, 'root-evil'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(root, 'scan0001', 'img_0000.h5'), 'x');
  await writeFile(path.join(outside, 'secret.h5'), 'x');
  await writeFile(path.join(tmp, 'root-evil', 'x.h5'), 'x');
  await symlink(path.join(outside, 'secret.h5'), path.join(root, 'link-out.h5'));
  await symlink(outside, path.join(root, 'dir-out'));
  await symlink(path.join(outside, 'missing.h5'), path.join(root, 'dangling-out.h5'));
  await symlink(path.join(root, 'scan0001', 'img_0000.h5'), path.join(root, 'link-in.h5'));
  await symlink(root, path.join(tmp, 'root-link'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function refusal(roots: DataRoots, p: string): Promise<PathNotAllowedError> {
  const err = await roots.resolve(p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PathNotAllowedError);
  return err as PathNotAllowedError;
}

describe('DataRoots.resolve', () => {
  it('returns the real path of a file inside a root', async () => {
    const roots = new DataRoots([root]);
    const file = path.join(root, 'scan0001', 'img_0000.h5');
    await expect(roots.resolve(file)).resolves.toBe(file);
    await expect(roots.resolve(path.join(root, '.', 'scan0001//img_0000.h5'))).resolves.toBe(file);
    await expect(roots.resolve(path.join(root, 'link-in.h5'))).resolves.toBe(file);
  });

  it('refuses absolute paths outside the roots, naming the path and nothing else', async () => {
    const roots = new DataRoots([root]);
    const secret = path.join(outside, 'secret.h5');
    const err = await refusal(roots, secret);
    expect(err.message).toBe(`path ${JSON.stringify(secret)} is not allowed: it is outside DATA_ROOTS`);
    expect(err.message).not.toContain(root);
    // A missing outside file gets the very same answer: no probing of what exists.
    expect((await refusal(roots, path.join(outside, 'nope.h5'))).message).toContain('outside DATA_ROOTS');
    // A sibling whose name merely starts like the root.
    await refusal(roots, path.join(tmp, 'root-evil', 'x.h5'));
    await refusal(roots, '/etc/passwd');
  });

  it("refuses '..' even when it would land back inside", async () => {
    const roots = new DataRoots([root]);
    expect((await refusal(roots, `${root}/../outside/secret.h5`)).message).toContain("'..'");
    await refusal(roots, `${root}/scan0001/../scan0001/img_0000.h5`);
  });

  it('refuses relative paths, empty paths and NUL bytes', async () => {
    const roots = new DataRoots([root]);
    expect((await refusal(roots, 'scan0001/img_0000.h5')).message).toContain('not absolute');
    await refusal(roots, '');
    expect((await refusal(roots, `${root}/scan0001/img_0000.h5\0.png`)).message).toContain('NUL');
  });

  it('refuses symlinks inside a root that point outside', async () => {
    const roots = new DataRoots([root]);
    expect((await refusal(roots, path.join(root, 'link-out.h5'))).message).toContain('outside DATA_ROOTS');
    await refusal(roots, path.join(root, 'dir-out', 'secret.h5'));
    // Missing behind an outside directory link: still refused, not "missing".
    await refusal(roots, path.join(root, 'dir-out', 'nope.h5'));
    // A dangling link is refused too, so a link cannot reveal whether an outside file exists.
    await refusal(roots, path.join(root, 'dangling-out.h5'));
  });

  it('reports a missing file inside a root as missing', async () => {
    const roots = new DataRoots([root]);
    await expect(roots.resolve(path.join(root, 'scan0001', 'img_0001.h5'))).rejects.toBeInstanceOf(FileMissingError);
    await expect(roots.resolve(path.join(root, 'scan0002', 'img_0000.h5'))).rejects.toThrow(/does not exist/);
  });

  it('accepts a symlinked root, spelled either way', async () => {
    const roots = new DataRoots([path.join(tmp, 'root-link')]);
    const real = path.join(root, 'scan0001', 'img_0000.h5');
    await expect(roots.resolve(path.join(tmp, 'root-link', 'scan0001', 'img_0000.h5'))).resolves.toBe(real);
    await expect(roots.resolve(real)).resolves.toBe(real);
    await refusal(roots, path.join(tmp, 'root-link', 'link-out.h5'));
  });

  it('picks up a root created after start-up', async () => {
    const late = path.join(tmp, 'late');
    const roots = new DataRoots([late]);
    await expect(roots.resolve(path.join(late, 'a.h5'))).rejects.toBeInstanceOf(FileMissingError);
    await mkdir(late);
    await writeFile(path.join(late, 'a.h5'), 'x');
    await expect(roots.resolve(path.join(late, 'a.h5'))).resolves.toBe(path.join(late, 'a.h5'));
  });
});

describe('DataRoots configuration', () => {
  it('reads the colon-separated DATA_ROOTS', async () => {
    const roots = DataRoots.fromEnv({ DATA_ROOTS: `${outside}::${root}` });
    expect(roots.configured).toEqual([outside, root]);
    await expect(roots.resolve(path.join(outside, 'secret.h5'))).resolves.toBe(path.join(outside, 'secret.h5'));
  });

  it('allows nothing when DATA_ROOTS is unset or empty', async () => {
    await refusal(DataRoots.fromEnv({}), path.join(root, 'scan0001', 'img_0000.h5'));
    await refusal(DataRoots.fromEnv({ DATA_ROOTS: '' }), path.join(root, 'scan0001', 'img_0000.h5'));
  });

  it('refuses relative roots', () => {
    expect(() => new DataRoots(['data'])).toThrow(/must be an absolute path/);
  });
});
