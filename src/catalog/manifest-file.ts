/**
 * The build manifest on disk (src/lib/build-manifest.ts): `<cacheDir>/daybook-manifest.tsv`, the
 * manifest of the last good build's output.
 *
 * A build takes it as it starts (reads it and removes the file): until the build ends well, the
 * output holds files no manifest lists, so a build that fails leaves none, and the next build
 * finds the output's files by listing it, as it does after a cold start or when the file cannot
 * be read. A good build commits its own at the end, whole or not at all (a temporary file renamed
 * over it; a temporary file a killed build left is simply written over).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../lib/build-manifest.ts';
import { parseManifest, serializeManifest } from '../lib/build-manifest.ts';

export const manifestFile = (cacheDir: string) => join(cacheDir, 'daybook-manifest.tsv');

const temporary = (file: string) => `${file}.tmp`;

/**
 * The manifest the last good build left for `outDir`, taken (its file removed), or why there is
 * none to trust: then the output must be listed (`listOutput`).
 */
export function takeManifest(cacheDir: string, outDir: string): { manifest: Manifest } | { missing: string } {
  const file = manifestFile(cacheDir);
  // A commit cut short: the build that wrote it had already taken the manifest before.
  rmSync(temporary(file), { force: true });
  if (!existsSync(file)) return { missing: `${file} is missing (a first build, or the last one did not finish)` };
  try {
    const read = parseManifest(readFileSync(file, 'utf8'));
    if (read.outDir !== outDir) return { missing: `${file} describes another output folder (${read.outDir})` };
    return { manifest: read.manifest };
  } catch (error) {
    return { missing: `${file} cannot be read: ${(error as Error).message}` };
  } finally {
    rmSync(file, { force: true });
  }
}

/** Makes `manifest` the one of `outDir` the next build takes. */
export function commitManifest(cacheDir: string, outDir: string, manifest: Manifest): void {
  const file = manifestFile(cacheDir);
  // A cache: a manifest lost in a crash costs the next build one listing of the output, so no fsync.
  writeFileSync(temporary(file), serializeManifest(outDir, manifest));
  renameSync(temporary(file), file);
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
