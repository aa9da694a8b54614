/**
 * What some work was done with, as one hash: files, folders (every file below, by its path in the
 * folder and its bytes, in sorted order) and plain values; a missing file or folder counts as
 * empty. The ingest keys its caches by its code this way (scripts/lib/snapshot.ts `codeKey`), the
 * build its pages by the site's code (src/catalog/loader.ts): other code does the work again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type CodePart = { file: string } | { dir: string } | string;

export function codeHash(parts: readonly CodePart[]): string {
  const hash = createHash('sha1');
  for (const part of parts) {
    if (typeof part === 'string') hash.update(part);
    else if ('file' in part) hash.update(existsSync(part.file) ? readFileSync(part.file) : '');
    else for (const name of filesBelow(part.dir)) hash.update(`${name}\0`).update(readFileSync(join(part.dir, name))).update('\0');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The files below `dir`, as paths relative to it, sorted. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}
