/**
 * The build manifest on disk (src/lib/build-manifest.ts): `<cacheDir>/daybook-manifest.tsv`, the
 * manifest of the last good build's output, the one store of what each output file holds.
 *
 * - The papers loader (src/catalog/loader.ts) compares its paper pages' keys with those of the
 *   manifest committed for this very output (`committedKeys`): a page of another output is not kept.
 * - A build takes it as it starts (`takeManifest`: renamed `daybook-manifest.taken.tsv`): until the
 *   build ends well the output holds files no committed manifest lists, so a build that fails leaves
 *   none, and the next build renders every page and finds the output's files by listing it, as it
 *   does after a cold start or when the file cannot be read.
 * - While the build runs, its list routes compare their pages' keys with the taken manifest's
 *   (`takenKeys`, src/data/pages-to-render.ts).
 * - A good build commits its own at the end, whole or not at all (a temporary file renamed over
 *   it; a temporary file a killed build left is simply written over), and drops the taken one.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../lib/build-manifest.ts';
import { parseManifest, serializeManifest } from '../lib/build-manifest.ts';

export const manifestFile = (cacheDir: string, which: 'committed' | 'taken' = 'committed') => join(cacheDir, which === 'committed' ? 'daybook-manifest.tsv' : 'daybook-manifest.taken.tsv');

const temporary = (file: string) => `${file}.tmp`;

/**
 * The output as a manifest names it: its folder, and the inode of its `papers/` folder while it
 * has one, so that an output emptied or replaced since is not taken for the one the manifest lists.
 */
export function outputOf(outDir: string): string {
  const papers = join(outDir, 'papers');
  return existsSync(papers) ? `${outDir} papers@${statSync(papers).ino}` : outDir;
}

/** The manifest in `file` if it describes `outDir` as it is now, else why not. */
function readManifestOf(file: string, outDir: string): { manifest: Manifest } | { missing: string } {
  if (!existsSync(file)) return { missing: `${file} is missing (a first build, or the last one did not finish)` };
  try {
    const read = parseManifest(readFileSync(file, 'utf8'));
    if (read.output !== outputOf(outDir)) return { missing: `${file} describes another output (${read.output})` };
    return { manifest: read.manifest };
  } catch (error) {
    return { missing: `${file} cannot be read: ${(error as Error).message}` };
  }
}

/**
 * The keys of the last good build's manifest (output path → key) of the paths `wanted`, if it
 * describes `outDir` as it is, else none: the output then holds no page this build may keep.
 */
export function committedKeys(cacheDir: string, outDir: string, wanted?: (path: string) => boolean): Map<string, string> {
  const read = readManifestOf(manifestFile(cacheDir), outDir);
  return 'manifest' in read ? keysOf(read.manifest, wanted) : new Map();
}

/**
 * The manifest the last good build left for `outDir`, taken (its file renamed to the taken one,
 * which this build's routes read and its commit removes), or why there is none to trust: then
 * the output must be listed (`listOutput`).
 */
export function takeManifest(cacheDir: string, outDir: string): { manifest: Manifest } | { missing: string } {
  const file = manifestFile(cacheDir);
  const taken = manifestFile(cacheDir, 'taken');
  // What a failed build left: a commit cut short, or the manifest it had taken.
  rmSync(temporary(file), { force: true });
  rmSync(taken, { force: true });
  const read = readManifestOf(file, outDir);
  if ('manifest' in read) renameSync(file, taken);
  else rmSync(file, { force: true });
  return read;
}

/** The keys of the manifest this build took (output path → key) of the paths `wanted`; none when it took none. */
export function takenKeys(cacheDir: string, wanted: (path: string) => boolean = () => true): Map<string, string> {
  const file = manifestFile(cacheDir, 'taken');
  return existsSync(file) ? keysOf(parseManifest(readFileSync(file, 'utf8')).manifest, wanted) : new Map();
}

function keysOf(manifest: Manifest, wanted: (path: string) => boolean = () => true): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [path, { key }] of manifest) if (key !== undefined && wanted(path)) keys.set(path, key);
  return keys;
}

/** Makes `manifest` the one of `outDir` the next build takes. */
export function commitManifest(cacheDir: string, outDir: string, manifest: Manifest): void {
  const file = manifestFile(cacheDir);
  // A cache: a manifest lost in a crash costs the next build one full render and a listing of the output, so no fsync.
  writeFileSync(temporary(file), serializeManifest(outputOf(outDir), manifest));
  renameSync(temporary(file), file);
  rmSync(manifestFile(cacheDir, 'taken'), { force: true });
}

/**
 * The files in `outDir` (`/`-separated paths), as a build without a manifest must see them; the
 * top-level folders in `skip` are not looked into.
 */
export function listOutput(outDir: string, skip: ReadonlySet<string> = new Set()): string[] {
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      if (entry.isFile()) files.push(path);
      else if (entry.isDirectory() && !(prefix === '' && skip.has(entry.name))) walk(join(dir, entry.name), `${path}/`);
    }
  };
  if (existsSync(outDir)) walk(outDir, '');
  return files;
}
