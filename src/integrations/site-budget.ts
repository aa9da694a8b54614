/**
 * Prints how much of the host's size limit the built site uses, at the end of every build:
 * GitHub Pages refuses a published site over 1 GB, and the archive grows every day. Only file
 * sizes are read (no file is opened), so this costs well under a second at 100,000 pages.
 */
import type { AstroIntegration } from 'astro';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** GitHub Pages' limit on a published site, in bytes. */
export const SITE_BUDGET_BYTES = 1024 ** 3;

export interface SiteSize {
  bytes: number;
  files: number;
  /** Bytes per top-level folder (`papers`, `og`, `pagefind`…); files at the top count as `.`. */
  byFolder: Map<string, number>;
}

export function measureSite(dist: string): SiteSize {
  const size: SiteSize = { bytes: 0, files: 0, byFolder: new Map() };
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = statSync(join(entry.parentPath, entry.name)).size;
    const top = entry.parentPath === dist ? '.' : (entry.parentPath.slice(dist.length + 1).split(/[\\/]/)[0] ?? '.');
    size.bytes += bytes;
    size.files += 1;
    size.byFolder.set(top, (size.byFolder.get(top) ?? 0) + bytes);
  }
  return size;
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export function describeBudget(size: SiteSize, pages: number): string {
  const share = (100 * size.bytes) / SITE_BUDGET_BYTES;
  const largest = [...size.byFolder].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([folder, bytes]) => `${folder === '.' ? 'top level' : `${folder}/`} ${mb(bytes)}`);
  return (
    `site size: ${mb(size.bytes)} in ${size.files.toLocaleString('en')} files, ${share.toFixed(1)}% of GitHub Pages' 1 GB limit ` +
    `(${Math.round(size.bytes / 1024 / Math.max(1, pages))} KB per page; ${largest.join(', ')})`
  );
}

export default function siteBudget(): AstroIntegration {
  return {
    name: 'daybook:site-budget',
    hooks: {
      'astro:build:done': ({ dir, pages, logger }) => {
        const size = measureSite(fileURLToPath(dir).replace(/[\\/]$/, ''));
        const line = describeBudget(size, pages.length);
        if (size.bytes > SITE_BUDGET_BYTES) logger.warn(`${line}: over the limit; see README "Beyond one site"`);
        else logger.info(line);
      },
    },
  };
}
