/**
 * The search index, in partitions of a third of a month (src/lib/search/partitions.ts), built in
 * `astro:build:done` through Pagefind's Node API. Any error Pagefind reports fails the build.
 *
 * Output, under `dist/pagefind/`:
 *   pagefind.js, wasm.en.pagefind    Pagefind's search script and WebAssembly (nothing else of
 *                                    its bundle: the site uses none of its UIs, nor its worker);
 *   pagefind-entry.json, …pf_meta …  a one-record root index the partitions are merged into;
 *   <YYYY-MM-DD>/                    the index of the papers whose first day is in that span
 *                                    (days 1–10, 11–20, 21–31, named by the first);
 *   partitions.json                  the partitions, newest first, with their paper counts.
 *
 * Only paper pages are indexed (`papers/<slug>/index.html`, the element marked
 * `data-pagefind-body`); a paper's partition is that of the `date` meta of its body.
 *
 * Closed work is kept: a partition's finished index is cached under a key made of what its pages
 * give Pagefind (src/lib/search/indexed.ts: the body element, not the page around it, whose
 * related-papers list changes every day), Pagefind's version and the options below. A daily
 * build indexes the partition of the new day and links every other one from the cache. What the
 * index read from a page (its date and the hash of its indexed part) is kept in the build manifest
 * (src/integrations/output.ts), so a page the build left as it was is not read again. Cache:
 * `$DAYBOOK_SEARCH_CACHE`, default `.cache/daybook/search`; entries are
 * immutable directories named by key, written under a temporary name and renamed, so builds
 * side by side share them safely; entries no build used for PRUNE_AFTER_MS are removed.
 *
 * Pagefind writes the same bytes for the same pages, so a cached partition equals a fresh one
 * and an incremental build equals a cold build.
 */
import type { AstroIntegrationLogger } from 'astro';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import writeFileAtomic from 'write-file-atomic';
import { buildKeyShards } from '../lib/search/exact.ts';
import { buildPassageShards, passageFilter, passageHashes } from '../lib/search/passages.ts';
import { indexedPart } from '../lib/search/indexed.ts';
import { chunkWords, fragmentFacts, fragmentHash } from '../lib/search/pagefind-files.ts';
import type { FindingIndex, Partition } from '../lib/search/partitions.ts';
import { AUTHOR_SEPARATOR, MANIFEST_FILE, makeManifest, partitionOf } from '../lib/search/partitions.ts';
import { paperKeys } from '../lib/search/query.ts';
import { buildTermChunks, compare, groupFirsts, periodCode } from '../lib/search/routing.ts';

/** Where the index is written, relative to the output directory; the search script loads it from here. */
export const PAGEFIND_DIR = 'pagefind';

/** Pagefind's options for every index. One language: a search loads one set of files. */
const INDEX_OPTIONS = { forceLanguage: 'en' } as const;

/**
 * Word-index chunk size, in word occurrences (Pagefind's default 20,000, set through its
 * `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`). A search loads, in each partition, the chunk of each
 * word: with the default, a rare word's chunk carries ~20,000 occurrences of its neighbours.
 * Measured at 15,830 papers (two recent months, "diffusion models"): 20,000 → 157 KB of chunks,
 * 5,000 → 70 KB, 2,500 → 46 KB, while the metadata grows by the chunk list (46 → 51 → 56 KB);
 * at 1,250 the metadata grows more than the chunks shrink.
 */
const CHUNK_SIZE = 2500;

/**
 * Changes to how a partition is made that its pages do not show (the files kept, the layout):
 * bump it and every partition is indexed again.
 */
const PARTITION_FORMAT = 'daybook-partition-11';

/** Cache entries that no build used for this long are removed. */
const PRUNE_AFTER_MS = 3 * 24 * 3600 * 1000;

/** The search-index cache (`DAYBOOK_SEARCH_CACHE`), beside the card cache by default. */
export function searchCacheDir(): string {
  return resolve(process.env.DAYBOOK_SEARCH_CACHE ?? '.cache/daybook/search');
}

export interface SearchIndexOptions {
  /** The built site. */
  outDir: string;
  /** The partition cache. */
  cacheDir: string;
  logger: Pick<AstroIntegrationLogger, 'info' | 'warn'>;
  /**
   * The paper pages, by slug, from the build (src/integrations/output.ts), each with what the index
   * read from it (`SearchIndexReport['pages']`) when it was left as it was then; a page without is
   * read. Without them, the papers folder is listed and every page read.
   */
  papers?: ReadonlyMap<string, string | undefined>;
}

export interface PartitionReport {
  /** The partition (`YYYY-MM-DD`, the first day of its span). */
  start: string;
  papers: number;
  /** Indexed by this build (false: copied from the cache). */
  indexed: boolean;
  /** Time to index it, ms (0 when reused). */
  ms: number;
}

export interface SearchIndexReport {
  partitions: PartitionReport[];
  /** What the index read from each paper page, by slug: `date hash` (its first day, the hash of its indexed part). */
  pages: Map<string, string>;
  /** Pages whose indexed part was read (the others' were given). */
  pagesRead: number;
  /** ms spent finding every page's partition and key. */
  keysMs: number;
  /** ms for the whole index. */
  ms: number;
}

/** A paper page and what Pagefind reads from it. */
interface IndexedPage {
  slug: string;
  /** The `date` meta of its body: the day the paper was first seen. */
  date: string;
  /** sha256 of the indexed part (base64). */
  hash: string;
}

/** Builds `outDir/pagefind/`. Throws on any Pagefind error or page it cannot place. */
export async function buildSearchIndex({ outDir, cacheDir, logger, papers: known }: SearchIndexOptions): Promise<SearchIndexReport> {
  const start = performance.now();
  const bundle = join(outDir, PAGEFIND_DIR);
  // Read by the Pagefind process when it starts (each partition starts one).
  const chunkSize = process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'];
  process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'] = String(CHUNK_SIZE);
  try {
    const keysStart = performance.now();
    const { pages, read } = readPages(outDir, logger, known);
    const keysMs = performance.now() - keysStart;

    const byPartition = new Map<string, IndexedPage[]>();
    for (const page of pages) {
      const start = partitionOf(page.date) as string;
      const list = byPartition.get(start);
      if (list) list.push(page);
      else byPartition.set(start, [page]);
    }
    const starts = [...byPartition.keys()].sort().reverse();
    // Whatever else the output's bundle holds (an older layout, partitions gone) goes.
    clearBundle(bundle, new Set([...starts, TERMS_DIR, TERM_GROUPS_DIR, PASSAGES_DIR, KEYS_DIR]));
    const version = await writeRoot(bundle);

    const reports: PartitionReport[] = [];
    const partitions: Partition[] = [];
    const facts: { start: string; facts: FindingFacts }[] = [];
    for (const start of starts) {
      const partPages = (byPartition.get(start) ?? []).sort((a, b) => compare(a.slug, b.slug));
      const key = partitionKey(version, start, partPages);
      const entry = join(cacheDir, 'partitions', start, key);
      const target = join(bundle, start);
      const partStart = performance.now();
      let indexed = !existsSync(join(entry, FILE_LIST));
      if (!indexed && !isPlaced(entry, target) && !isWholeEntry(entry)) {
        logger.warn(`search: the cached index of ${start} is damaged (${relative(process.cwd(), entry) || entry}); indexing it again`);
        rmSync(entry, { recursive: true, force: true });
        indexed = true;
      }
      if (indexed) await indexPartition(outDir, cacheDir, entry, start, partPages);
      else touch(entry);
      placeEntry(entry, target);
      const ms = indexed ? performance.now() - partStart : 0;
      const dates = partPages.map((p) => p.date).sort();
      const partFacts = readFindingFacts(entry);
      facts.push({ start, facts: partFacts });
      reports.push({ start, papers: partPages.length, indexed, ms });
      partitions.push({
        start,
        first: dates[0] as string,
        last: dates.at(-1) as string,
        papers: partPages.length,
        tag: key.slice(0, 16),
        code: periodCode(start),
        metaBytes: partFacts.metaBytes,
        chunkBytes: partFacts.chunkBytes,
      });
      if (indexed) logger.info(`search: ${start} indexed (${partPages.length.toLocaleString('en')} pages, ${seconds(ms)})`);
    }
    const finding = writeFindingFiles(bundle, facts);
    const manifest = makeManifest(version, hash(`root ${version} ${PARTITION_FORMAT}`).slice(0, 16), finding, partitions);
    // Last, whole or not at all: the manifest names every file a search loads.
    writeFileAtomic.sync(join(bundle, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`, { fsync: false });
    prune(cacheDir);

    const ms = performance.now() - start;
    const reused = reports.filter((r) => !r.indexed).length;
    if (pages.length === 0) logger.warn('The search index is empty: no paper page has an element with data-pagefind-body.');
    logger.info(
      `search: ${pages.length.toLocaleString('en')} papers in ${starts.length} partition${starts.length === 1 ? '' : 's'}; ` +
        `${reports.length - reused} indexed, ${reused} reused from the cache; ` +
        `keys of ${pages.length.toLocaleString('en')} pages in ${seconds(keysMs)} (${read.toLocaleString('en')} read); ${seconds(ms)} in all`,
    );
    return { partitions: reports, pages: new Map(pages.map((p) => [p.slug, `${p.date} ${p.hash}`])), pagesRead: read, keysMs, ms };
  } finally {
    await pagefind.close();
    if (chunkSize === undefined) delete process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'];
    else process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'] = chunkSize;
  }
}

// ---- pages and keys ----------------------------------------------------------------------

/** Every paper page with its date and the hash of its indexed part: given in `known`, else read from the page. */
function readPages(outDir: string, logger: SearchIndexOptions['logger'], known: SearchIndexOptions['papers']): { pages: IndexedPage[]; read: number } {
  const papersDir = join(outDir, 'papers');
  const pages: IndexedPage[] = [];
  let read = 0;
  let whole = 0;
  const slugs = known ? [...known.keys()].sort() : existsSync(papersDir) ? readdirSync(papersDir).sort() : [];
  for (const slug of slugs) {
    const given = known?.get(slug)?.split(' ');
    if (given?.length === 2) {
      pages.push({ slug, date: given[0]!, hash: given[1]! });
      continue;
    }
    const file = join(papersDir, slug, 'index.html');
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) continue;
    read += 1;
    const part = indexedPart(readLatin1(file, stat.size));
    if (!part) continue;
    if (part.wholePage) whole += 1;
    if (part.date === undefined || partitionOf(part.date) === undefined) {
      throw new Error(`papers/${slug}/index.html has a data-pagefind-body element without a date:YYYY-MM-DD meta: the search index cannot place it in a partition`);
    }
    pages.push({ slug, date: part.date, hash: hash(part.key, 'latin1') });
  }
  if (whole > 0) logger.warn(`search: ${whole} paper page(s) have data-pagefind attributes outside their body element; their partitions are keyed by the whole page`);
  return { pages, read };
}

/** The cache key of a partition: its pages (URL and indexed part), Pagefind's version and our options. */
function partitionKey(version: string, start: string, pages: IndexedPage[]): string {
  const lines = [
    PARTITION_FORMAT,
    `pagefind ${version}`,
    JSON.stringify({ ...INDEX_OPTIONS, chunkSize: CHUNK_SIZE }),
    `zlib ${process.versions.zlib}`,
    start,
    ...pages.map((p) => `${p.slug} ${p.hash}`),
  ];
  return hash(lines.join('\n')).replace(/[/+]/g, '_').replace(/=+$/, '');
}

function hash(text: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  return createHash('sha256').update(text, encoding).digest('base64');
}

/** One buffer for every page read: a page is read into it and seen as Latin-1 (its bytes, undecoded). */
let pageBuffer = Buffer.allocUnsafe(1 << 20);

function readLatin1(file: string, size: number): string {
  if (size > pageBuffer.length) pageBuffer = Buffer.allocUnsafe(size * 2);
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    for (let n = -1; n !== 0 && length < pageBuffer.length; length += n) n = readSync(fd, pageBuffer, length, pageBuffer.length - length, length);
    return pageBuffer.toString('latin1', 0, length);
  } finally {
    closeSync(fd);
  }
}

// ---- indexing ------------------------------------------------------------------------------

/**
 * The list of a cache entry's files, `path<TAB>sha256` a line, written last: an entry without it
 * is unfinished, and a file whose bytes no longer match is a damaged entry, indexed again.
 */
const FILE_LIST = 'files.txt';

/** What finding papers needs from a partition (`FindingFacts`), kept beside its files in the cache entry. */
const FINDING_FILE = 'finding.json';

/** A partition's words, its pages' exact keys and its sizes: made once, when it is indexed. */
interface FindingFacts {
  /** Pagefind's words of the partition, sorted. */
  words: string[];
  /** Each page: its fragment hash (without `en_`) and its exact keys (src/lib/search/query.ts `paperKeys`). */
  pages: [fragment: string, keys: string[]][];
  /** The Bloom filter of its pages' runs of three and four words (src/lib/search/passages.ts), base64. */
  passages: string;
  /** Bytes of the metadata file, and of a word chunk on average: what loading the partition costs. */
  metaBytes: number;
  chunkBytes: number;
}

function findingFacts(start: string, files: { path: string; content: Uint8Array }[]): FindingFacts {
  const words = new Set<string>();
  const passages: number[] = [];
  const pages: FindingFacts['pages'] = [];
  let metaBytes = 0;
  let chunkBytes = 0;
  let chunks = 0;
  for (const file of files) {
    const what = `${start}/${file.path}`;
    if (file.path.startsWith('index/')) {
      for (const word of chunkWords(file.content, what)) words.add(word);
      chunkBytes += file.content.length;
      chunks += 1;
    } else if (file.path.endsWith('.pf_meta')) {
      metaBytes += file.content.length;
    } else {
      const hash = fragmentHash(file.path);
      if (!hash) continue;
      const { meta, content } = fragmentFacts(file.content, what);
      passages.push(...passageHashes(content));
      const authors = meta['authors'] ? meta['authors'].split(AUTHOR_SEPARATOR) : [];
      pages.push([hash.replace(/^en_/, ''), paperKeys({ title: meta['title'] ?? '', authors, arxivId: meta['arxiv'] })]);
    }
  }
  pages.sort((a, b) => compare(a[0], b[0]));
  return { words: [...words].sort(compare), pages, passages: Buffer.from(passageFilter(passages).buffer).toString('base64'), metaBytes, chunkBytes: chunks > 0 ? Math.round(chunkBytes / chunks) : 0 };
}

const fileHash = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

/** Pagefind's files that belong to one index (the rest is its JavaScript, WebAssembly and UIs, shared). */
const isIndexFile = (path: string) => path === 'pagefind-entry.json' || /^pagefind\.[\w-]+\.pf_meta$/.test(path) || /^(index|filter|fragment)\/[\w-]+\.pf_\w+$/.test(path);

/** The root: Pagefind's script and WebAssembly, and a one-record index to merge partitions into. */
async function writeRoot(bundle: string): Promise<string> {
  const index = await newIndex();
  // A record no search can return: every search filters by partition, which it does not have.
  check((await index.addCustomRecord({ url: '/', content: 'x', language: 'en', meta: { title: '' } })).errors, 'indexing the root record');
  const { files, errors } = await index.getFiles();
  check(errors, 'building the root index');
  await index.deleteIndex();
  const entry = files.find((f) => f.path === 'pagefind-entry.json');
  if (!entry) throw new Error('Pagefind wrote no pagefind-entry.json');
  const { version, languages } = JSON.parse(Buffer.from(entry.content).toString('utf8')) as { version: string; languages: Record<string, { wasm?: string }> };
  const wasm = new Set(Object.values(languages).map((l) => `wasm.${l.wasm ?? 'unknown'}.pagefind`));
  for (const file of files) {
    if (file.path === 'pagefind.js' || wasm.has(file.path) || isIndexFile(file.path)) writeFile(join(bundle, file.path), file.path.endsWith('.pf_meta') ? recompress(file.content) : file.content);
  }
  return version;
}

/** Indexes a partition's pages into a new cache entry. */
async function indexPartition(outDir: string, cacheDir: string, entry: string, start: string, pages: IndexedPage[]): Promise<void> {
  // Pagefind names results by their path under the directory it indexes: a directory of the
  // partition's pages only, hard links laid out as in the site, gives the site's URLs.
  const source = join(cacheDir, 'tmp', `${process.pid}-${start}`);
  rmSync(source, { recursive: true, force: true });
  for (const page of pages) {
    const to = join(source, 'papers', page.slug, 'index.html');
    mkdirSync(dirname(to), { recursive: true });
    linkOrCopy(join(outDir, 'papers', page.slug, 'index.html'), to);
  }
  const partial = `${entry}.${process.pid}.tmp`;
  try {
    const index = await newIndex();
    const added = await index.addDirectory({ path: source });
    check(added.errors, `indexing ${start}`);
    if (added.page_count !== pages.length) throw new Error(`Pagefind indexed ${added.page_count} of the ${pages.length} pages of ${start}`);
    const { files, errors } = await index.getFiles();
    check(errors, `building the index of ${start}`);
    await index.deleteIndex();
    // A fresh Pagefind process for each partition: memory is that of one, whatever the archive.
    await pagefind.close();
    const kept = files.filter((f) => isIndexFile(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
    const entryFile = kept.find((f) => f.path === 'pagefind-entry.json');
    const count = entryFile && (JSON.parse(Buffer.from(entryFile.content).toString('utf8')) as { languages: Record<string, { page_count: number }> }).languages['en']?.page_count;
    if (count !== pages.length) throw new Error(`The index of ${start} holds ${count ?? 0} of its ${pages.length} pages`);
    rmSync(partial, { recursive: true, force: true });
    const written = kept.map((file) => ({ path: file.path, content: file.path.endsWith('.pf_meta') ? recompress(file.content) : file.content }));
    for (const file of written) writeFile(join(partial, file.path), file.content);
    writeFileSync(join(partial, FINDING_FILE), `${JSON.stringify(findingFacts(start, written))}\n`);
    // Written last: an entry without it is unfinished; the hashes let a reader check every file.
    writeFileSync(join(partial, FILE_LIST), fileList(written.map((f) => ({ path: f.path, hash: fileHash(f.content) }))));
    try {
      renameSync(partial, entry);
    } catch (error) {
      // Another build wrote the same entry meanwhile: same key, same files.
      if (!existsSync(join(entry, FILE_LIST))) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
    rmSync(source, { recursive: true, force: true });
  }
}

/**
 * The metadata file (read before any result) compressed again at zlib's best: ~10% smaller
 * than Pagefind's own gzip (the word chunks and fragments gain nothing). Same bytes for the
 * same input and zlib version (in the cache key).
 */
function recompress(gzipped: Uint8Array): Uint8Array {
  const again = gzipSync(gunzipSync(gzipped), { level: 9, memLevel: 9 });
  return again.length < gzipped.length ? again : gzipped;
}

async function newIndex(): Promise<pagefind.PagefindIndex> {
  const { index, errors } = await pagefind.createIndex(INDEX_OPTIONS);
  check(errors, 'creating an index');
  if (!index) throw new Error('Pagefind did not create an index');
  return index;
}

function check(errors: string[], doing: string): void {
  if (errors.length > 0) {
    throw new Error(`Pagefind failed while ${doing}:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  }
}

// ---- finding: the word map and the exact keys ------------------------------------------------

/** Directories of the bundle beside the partitions: the word map and its index (src/lib/search/routing.ts), the passage sketch (src/lib/search/passages.ts) and the exact keys (src/lib/search/exact.ts). */
const TERMS_DIR = 'terms';
const TERM_GROUPS_DIR = 'term-groups';
const PASSAGES_DIR = 'passages';
const KEYS_DIR = 'keys';

/**
 * Writes the word map, the passage sketch and the exact keys of every partition, from their finding
 * facts: numbered files (their list in the manifest would cost every search more than it saves),
 * fetched with the manifest's tag of their kind, written only where their bytes change, each whole
 * (temporary file, rename).
 */
function writeFindingFiles(bundle: string, partitions: { start: string; facts: FindingFacts }[]): FindingIndex {
  const chunks = buildTermChunks(partitions.map(({ start, facts }) => ({ start, words: facts.words })));
  const termFiles = writeShards(join(bundle, TERMS_DIR), '.json', chunks.map((chunk) => Buffer.from(`${JSON.stringify(chunk)}\n`)));
  const groups = groupFirsts(chunks.map((chunk) => chunk[0]![0]));
  writeShards(join(bundle, TERM_GROUPS_DIR), '.json', groups.map((firsts) => Buffer.from(`${JSON.stringify(firsts)}\n`)));
  const terms = { groups: groups.map((firsts) => firsts[0]!), tag: termFiles.tag };

  const refs = partitions.flatMap(({ start, facts }) => facts.pages.map(([fragment, keys]) => [`${periodCode(start)}/${fragment}`, keys] as const));
  const keys = writeShards(join(bundle, KEYS_DIR), '.json', buildKeyShards(refs).map((shard) => Buffer.from(`${JSON.stringify(shard)}\n`)));
  // In ascending partition number, as the search reads them.
  const byNumber = [...partitions].sort((a, b) => parseInt(periodCode(a.start), 36) - parseInt(periodCode(b.start), 36));
  const filters = byNumber.map(({ facts }) => {
    const bytes = Buffer.from(facts.passages, 'base64');
    return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  });
  const passages = writeShards(join(bundle, PASSAGES_DIR), '.bin', buildPassageShards(filters));
  return { terms, keys, passages };
}

/** Writes numbered shards (`<n><ext>`) where their bytes changed, removes any others; their count and a tag of their bytes. */
function writeShards(dir: string, ext: string, shards: Uint8Array[]): { shards: number; tag: string } {
  mkdirSync(dir, { recursive: true });
  const all = createHash('sha256');
  shards.forEach((bytes, n) => {
    const file = join(dir, `${n}${ext}`);
    all.update(bytes);
    if (!existsSync(file) || !readFileSync(file).equals(bytes)) writeFileAtomic.sync(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fsync: false });
  });
  const name = new RegExp(`^(\\d+)${ext.replace('.', '\\.')}$`);
  for (const file of readdirSync(dir)) if (Number(name.exec(file)?.[1] ?? Infinity) >= shards.length) rmSync(join(dir, file), { force: true });
  return { shards: shards.length, tag: all.digest('hex').slice(0, 16) };
}

// ---- files ---------------------------------------------------------------------------------

function writeFile(path: string, content: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Removes everything in the bundle directory but the given partition directories. */
function clearBundle(bundle: string, starts: Set<string>): void {
  mkdirSync(bundle, { recursive: true });
  for (const entry of readdirSync(bundle, { withFileTypes: true })) {
    if (!(entry.isDirectory() && starts.has(entry.name))) rmSync(join(bundle, entry.name), { recursive: true, force: true });
  }
}

/**
 * Puts a cache entry's files in the output, as hard links (copies across file systems): cache
 * entries are never changed once written. An output directory that already holds exactly
 * the entry's files (same entry file, same content-hashed names) is left as it is.
 */
function placeEntry(entry: string, to: string): void {
  const files = entryFiles(entry).map((f) => f.path);
  // Links are made in the list's order: the entry file and the last one linked from this entry
  // mean the whole partition is in place, without listing it (41 months cost a second at 150,000 papers).
  if (isPlaced(entry, to)) return;
  if (existsSync(to)) {
    const present = readdirSync(to, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(to, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
    const same =
      present.length === files.length &&
      present.every((file, i) => file === files[i]) &&
      readFileSync(join(to, 'pagefind-entry.json')).equals(readFileSync(join(entry, 'pagefind-entry.json')));
    if (same) return;
    rmSync(to, { recursive: true, force: true });
  }
  const made = new Set<string>();
  for (const file of files) {
    const target = join(to, file);
    const dir = dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    linkOrCopy(join(entry, file), target);
  }
}

/** A cache entry's list of files: a line per file, then one with their count and the hash of the lines before it. */
function fileList(files: { path: string; hash: string }[]): string {
  const lines = files.map((f) => `${f.path}\t${f.hash}\n`).join('');
  return `${lines}${files.length}\t${fileHash(Buffer.from(lines))}\n`;
}

/** A cache entry's files with their hashes, from its list; throws when the list is cut short or altered. */
function entryFiles(entry: string): { path: string; hash: string }[] {
  const text = readFileSync(join(entry, FILE_LIST), 'utf8');
  const end = text.lastIndexOf('\n', text.length - 2) + 1;
  const [count, hash] = text.slice(end).trimEnd().split('\t');
  const files = text
    .slice(0, end)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [path = '', fileHashOf = ''] = line.split('\t');
      return { path, hash: fileHashOf };
    });
  if (hash !== fileHash(Buffer.from(text.slice(0, end))) || Number(count) !== files.length) throw new Error(`${join(entry, FILE_LIST)} is damaged`);
  return files;
}

/**
 * Whether a finished cache entry is whole: every listed file there with its bytes, and its finding
 * facts readable. Checked before an entry is put into an output it is not in yet (a damaged cache
 * must not reach a published site); an entry already linked there was checked when it was placed.
 */
function isWholeEntry(entry: string): boolean {
  try {
    if (!entryFiles(entry).every((file) => fileHash(readFileSync(join(entry, file.path))) === file.hash)) return false;
    readFindingFacts(entry);
    return true;
  } catch {
    return false;
  }
}

function readFindingFacts(entry: string): FindingFacts {
  const facts = JSON.parse(readFileSync(join(entry, FINDING_FILE), 'utf8')) as Partial<FindingFacts>;
  if (!Array.isArray(facts.words) || !Array.isArray(facts.pages) || typeof facts.passages !== 'string' || typeof facts.metaBytes !== 'number' || typeof facts.chunkBytes !== 'number') {
    throw new Error(`${join(entry, FINDING_FILE)} is not in the expected format`);
  }
  return facts as FindingFacts;
}

/** Whether the entry's files are already in `to`, as links of the entry's (see `placeEntry`). */
function isPlaced(entry: string, to: string): boolean {
  let last: string | undefined;
  try {
    last = entryFiles(entry).at(-1)?.path;
  } catch {
    return false;
  }
  return last !== undefined && isLinkOf(join(entry, 'pagefind-entry.json'), join(to, 'pagefind-entry.json')) && isLinkOf(join(entry, last), join(to, last));
}

/** Whether `path` is a hard link of `original` (false where either is missing). */
function isLinkOf(original: string, path: string): boolean {
  const [a, b] = [statSync(original, { throwIfNoEntry: false }), statSync(path, { throwIfNoEntry: false })];
  return a !== undefined && b !== undefined && a.ino === b.ino && a.dev === b.dev;
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Marks a cache entry as used now. */
function touch(entry: string): void {
  const now = new Date();
  try {
    utimesSync(entry, now, now);
  } catch {
    // Pruned by another build meanwhile: it was copied already.
  }
}

/**
 * Removes what no build used for PRUNE_AFTER_MS: partition entries (a reused entry is touched),
 * leftovers of interrupted builds.
 */
function prune(cacheDir: string): void {
  const old = Date.now() - PRUNE_AFTER_MS;
  const removeOld = (path: string): boolean => {
    try {
      if (statSync(path).mtimeMs >= old) return false;
      rmSync(path, { recursive: true, force: true });
      return true;
    } catch {
      return false; // Removed by another build meanwhile.
    }
  };
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []);
  for (const partition of list(join(cacheDir, 'partitions'))) {
    const entries = list(partition);
    if (entries.filter((entry) => !removeOld(entry)).length === 0) rmSync(partition, { recursive: true, force: true });
  }
  for (const path of list(join(cacheDir, 'tmp'))) removeOld(path);
  // The page memos of earlier versions (the build manifest holds what they held).
  rmSync(join(cacheDir, 'pages'), { recursive: true, force: true });
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
