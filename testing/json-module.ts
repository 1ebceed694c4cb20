/**
 * Builds the RedisJSON stand-in (native/rejson-standin) with gcc into build/, only when its source changed.
 * Development, demo and tests only: production runs redis-stack's real RedisJSON.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.join(root, 'native', 'rejson-standin');
const buildDir = path.join(root, 'build');
export const jsonModulePath = path.join(buildDir, 'rejson_standin.so');
const stampPath = `${jsonModulePath}.sha256`;

export class MissingToolError extends Error {
  constructor(tool: string, debianPackages: string) {
    super(`${tool} not found: install it with \`apt-get install -y ${debianPackages}\``);
    this.name = 'MissingToolError';
  }
}

async function sourceFiles(): Promise<string[]> {
  const names = (await readdir(sourceDir)).filter((n) => n.endsWith('.c') || n.endsWith('.h')).sort();
  return names.map((n) => path.join(sourceDir, n));
}

async function sourceHash(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.basename(file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Returns the absolute path of the built module, compiling it first if the source changed. */
export async function ensureJsonModule(options: { log?: (line: string) => void } = {}): Promise<string> {
  const files = await sourceFiles();
  const digest = await sourceHash(files);
  if (existsSync(jsonModulePath) && existsSync(stampPath) && (await readFile(stampPath, 'utf8')).trim() === digest) {
    return jsonModulePath;
  }
  await mkdir(buildDir, { recursive: true });
  const tmp = `${jsonModulePath}.${process.pid}.tmp`;
  const cFiles = files.filter((f) => f.endsWith('.c'));
  options.log?.(`building RedisJSON stand-in from ${path.relative(root, sourceDir)}`);
  try {
    await run('gcc', ['-O2', '-Wall', '-Wextra', '-std=c11', '-shared', '-fPIC', '-o', tmp, ...cFiles]);
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new MissingToolError('gcc', 'gcc libc6-dev');
    if (err.stderr && /stdio\.h|stdlib\.h|No such file or directory/.test(err.stderr) && /#include/.test(err.stderr)) {
      throw new MissingToolError('C library headers', 'libc6-dev');
    }
    throw new Error(`building the RedisJSON stand-in failed:\n${err.stderr ?? err.message}`, { cause: error });
  }
  // Rename is atomic, so parallel test workers never load a half-written module.
  await rename(tmp, jsonModulePath);
  await writeFile(stampPath, `${digest}\n`);
  return jsonModulePath;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureJsonModule({ log: (l) => console.log(l) })
    .then((p) => console.log(`RedisJSON stand-in: ${path.relative(root, p)}`))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
