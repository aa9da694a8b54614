/**
 * The build manifest: every file of the built site, by its path in the output (`/`-separated),
 * with its size and, where the build has one, the key of what it holds (a page's view, a search
 * partition's content). A folder the build places whole (a search partition, linked from its
 * cache) is one entry, its path ending in `/`, with its number of files. A paper page also has what
 * the search index read from it (its first day and the hash of its indexed part).
 *
 * A good build writes one at its end (src/catalog/manifest-file.ts); the next build renders only
 * the pages whose key is not the one listed, removes what the last one listed and it does not,
 * keeps the sizes and search facts of the files it leaves alone, and lists its pages for the
 * sitemap from it.
 */

export interface ManifestEntry {
  bytes: number;
  key?: string;
  /** For a folder entry: how many files it holds. */
  files?: number;
  /** For a paper page: what the search index read from it, `date hash` (src/integrations/pagefind.ts). */
  indexed?: string;
}

export type Manifest = Map<string, ManifestEntry>;

/** GitHub Pages' limit on a published site, in bytes. */
export const SITE_BUDGET_BYTES = 1024 ** 3;

const FORMAT = 'daybook-manifest 3';

/** The output path of a site path: `/days/2026-08-05/` → `days/2026-08-05/index.html`, `/rss.xml` → `rss.xml`. */
export function outputPath(sitePath: string): string {
  return (sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath).slice(1);
}

/** The site paths of the manifest's pages (`…/index.html`), in its order. */
export function pagesOf(manifest: Manifest): string[] {
  const pages: string[] = [];
  for (const path of manifest.keys()) if (path === 'index.html' || path.endsWith('/index.html')) pages.push(`/${path.slice(0, -'index.html'.length)}`);
  return pages;
}

/** What `previous` listed that `next` does not: the files (and folders) a build must remove. */
export function stalePaths(previous: Iterable<string>, next: Manifest): string[] {
  const stale: string[] = [];
  for (const path of previous) if (!next.has(path)) stale.push(path);
  return stale;
}

export interface SiteSize {
  bytes: number;
  files: number;
  /** Bytes per top-level folder (`papers`, `og`, `pagefind`…); files at the top count as `.`. */
  byFolder: Map<string, number>;
}

export function siteSize(manifest: Manifest): SiteSize {
  const size: SiteSize = { bytes: 0, files: 0, byFolder: new Map() };
  for (const [path, entry] of manifest) {
    const slash = path.indexOf('/');
    const folder = slash < 0 ? '.' : path.slice(0, slash);
    size.bytes += entry.bytes;
    size.files += entry.files ?? 1;
    size.byFolder.set(folder, (size.byFolder.get(folder) ?? 0) + entry.bytes);
  }
  return size;
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** The budget line: the site's size against GitHub Pages' limit, and its largest folders. */
export function describeSize(size: SiteSize, pages: number): string {
  const share = (100 * size.bytes) / SITE_BUDGET_BYTES;
  const largest = [...size.byFolder].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([folder, bytes]) => `${folder === '.' ? 'top level' : `${folder}/`} ${mb(bytes)}`);
  return (
    `site size: ${mb(size.bytes)} in ${size.files.toLocaleString('en')} files, ${share.toFixed(1)}% of GitHub Pages' 1 GB limit ` +
    `(${Math.round(size.bytes / 1024 / Math.max(1, pages))} KB per page; ${largest.join(', ')})`
  );
}

/**
 * The manifest of an output (named by `output`, src/catalog/manifest-file.ts) as text: a line naming
 * the format and the output, a line per entry (`path TAB bytes TAB key TAB files TAB indexed`, the
 * empty columns at its end left out), and a last line with their number, so a file cut short does
 * not read as a smaller site. Lines, not JSON: 100,000s of entries.
 */
export function serializeManifest(output: string, manifest: Manifest): string {
  if (/[\t\n]/.test(output)) throw new Error(`build manifest: the output's name ${JSON.stringify(output)} holds a tab or a line break`);
  const lines = [`${FORMAT}\t${output}`];
  for (const [path, { bytes, key = '', files, indexed }] of manifest) {
    const columns = [path, String(bytes), key, files === undefined ? '' : String(files), indexed ?? ''];
    if (/[\t\n]/.test(path + key + (indexed ?? ''))) throw new Error(`build manifest: ${JSON.stringify(path)} (key ${JSON.stringify(key)}) holds a tab or a line break`);
    while (columns.length > 3 && columns.at(-1) === '') columns.pop();
    lines.push(columns.join('\t'));
  }
  lines.push(`end\t${manifest.size}`, '');
  return lines.join('\n');
}

/** A whole number written in digits only (`Number` alone takes '', ' 1', '1e3'). */
const count = (text: string | undefined): number => (text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN);

/** The output a manifest's first line names; undefined when it is not a manifest's first line. */
function outputNamedBy(firstLine: string): string | undefined {
  const [format, output, extra] = firstLine.split('\t');
  return format === FORMAT && output && extra === undefined ? output : undefined;
}

/** The output and manifest `text` describes; throws, naming the line, when it is not one whole manifest. */
export function parseManifest(text: string): { output: string; manifest: Manifest } {
  const lines = text.split('\n');
  const output = outputNamedBy(lines[0] ?? '');
  if (!output) throw new Error(`line 1 is not "${FORMAT}<TAB>output"`);
  const end = lines.length - 2;
  if (lines.at(-1) !== '' || lines[end] !== `end\t${end - 1}`) throw new Error(`the manifest is cut short (its last line is not "end<TAB>${end - 1}")`);
  const manifest: Manifest = new Map();
  for (let i = 1; i < end; i++) {
    const [path = '', bytes, key, files = '', indexed = '', ...extra] = lines[i]!.split('\t');
    const isFolder = path.endsWith('/');
    const entry: ManifestEntry = { bytes: count(bytes) };
    if (key) entry.key = key;
    if (isFolder) entry.files = count(files);
    if (indexed) entry.indexed = indexed;
    const wellFormed = path !== '' && key !== undefined && extra.length === 0 && isFolder === (files !== '') && !Number.isNaN(entry.bytes) && !Number.isNaN(entry.files ?? 0);
    if (!wellFormed) throw new Error(`line ${i + 1} is not "path<TAB>bytes<TAB>key${isFolder ? '<TAB>files' : ''}"`);
    manifest.set(path, entry);
  }
  return { output, manifest };
}
