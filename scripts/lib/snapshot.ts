/**
 * What a run leaves in `.cache/daybook/snapshot/` so that the next one can add a day without
 * reading and converting the whole archive again (src/lib/archive/update.ts):
 *
 *   manifest.json   what the run read and wrote: every digest, resolution file, day entry and the
 *                   registry with its size, time and hash; the taxonomy's hash; counts, warnings, slugs
 *                   of papers that left the archive; which related-paper store and phrase statistics
 *                   belong to it
 *   papers.jsonl    each paper's slug, arXiv id and a hash of its folded title, in order of first appearance (appended to)
 *   entries.bin     each paper entry's size, time, hash and input keys, 64 bytes a paper (patched in place)
 *   shards/<n>.json papers n·1000 … n·1000+999 in full (merged data, topics, key phrases)
 *   phrases.bin     the key-phrase statistics (scripts/lib/string-table.ts)
 *
 * The snapshot is valid exactly while manifest.json exists: saving removes it first and writes it
 * last, so a run killed while saving leaves none, and the next run converts everything. It only
 * describes the previous run; `openSnapshot` checks that content/ is still what that run left
 * (sizes and times first, hashes when they differ, so a fresh checkout still qualifies) and that
 * the only new digests are days after the newest.
 */
import writeFileAtomic from 'write-file-atomic';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchiveState, EntryKeys } from '../../src/lib/archive/plan.ts';
import { REGISTRY_PATH } from '../../src/lib/archive/plan.ts';
import type { ArchivedPaper, PaperIdentity } from '../../src/lib/archive/merge.ts';
import type { SlugRecord } from '../../src/lib/archive/registry.ts';
import type { PreviousArchive, StoredPaper, UpdatePlan } from '../../src/lib/archive/update.ts';
import { codeHash } from '../../src/lib/code-hash.ts';
import type { InputWarning } from '../../src/lib/digest/types.ts';
import { RESOLVED_DIR } from '../../src/lib/resolve/record.ts';
import { StringTable, encodeTable } from './string-table.ts';

/** 2: papers carry the digest's extras (summary, key phrases, stars…), days the digest's scores; 3: resolution files; 4: shards' hashes; 5: one map of stamps. */
const FORMAT = 5;
const SHARD_SIZE = 1000;
const ENTRY_BYTES = 64;

/** Size, modification time and SHA-1 of a file. */
export type Stamp = [size: number, mtimeMs: number, hash: string];

interface StoredWarning {
  /** Relative to the content root, which may be named differently next time. */
  file: string;
  line?: number | undefined;
  message: string;
}

interface Manifest {
  format: number;
  /** `codeKey()` of the run that wrote it. */
  code: string;
  newest: string;
  days: number;
  sightings: number;
  papers: number;
  papersBytes: number;
  /**
   * Every file the run read or wrote but the paper entries (entries.bin), by its path in the
   * content folder: digests, resolution files, day entries and the registry.
   */
  files: Record<string, Stamp>;
  taxonomy: string;
  /** Modification time of papers/: unchanged, no entry was added, removed or renamed. */
  papersDir: number;
  digestWarnings: StoredWarning[];
  mergeWarnings: StoredWarning[];
  orphans: SlugRecord[];
  /** Generation of the related-paper store (scripts/lib/related-store.ts) this archive has. */
  related: string;
  phrases: { key: string; docs: number };
  /** SHA-1 of each shard file, by number: a shard is checked when it is read. */
  shards: Record<string, string>;
}

/** A paper in a shard: merged data with sightings as [date, position, line], topics, key phrases. */
type ShardPaper = [Omit<ArchivedPaper, 'sightings'> & { sightings: [string, number, number][] }, string[], string[]];

export const sha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');

/**
 * A cache file that cannot be used (missing, truncated, emptied, garbage: its hash is not the one
 * the manifest recorded). Only costs time: the run converts every digest, and says why.
 */
export class CacheMiss extends Error {
  constructor(file: string) {
    super(`the cache file ${file} cannot be read (missing, cut short or changed since it was written)`);
    this.name = 'CacheMiss';
  }
}

/** Shard `n` of the snapshot in `dir`, checked against the hash its manifest recorded. */
function readShard(dir: string, manifest: Manifest, n: number): ShardPaper[] {
  const file = join(dir, 'shards', `${n}.json`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new CacheMiss(file);
  }
  if (sha1(bytes) !== manifest.shards[n]) throw new CacheMiss(file);
  return JSON.parse(bytes.toString('utf8')) as ShardPaper[];
}

/** Writes shard `n` whole and returns its hash for the manifest. */
function writeShard(dir: string, n: number, papers: readonly ShardPaper[]): string {
  const text = JSON.stringify(papers);
  writeFileAtomic.sync(join(dir, 'shards', `${n}.json`), text);
  return sha1(text);
}

/** What papers.jsonl holds for a folded title: 48 bits of its hash (titles average 80 characters). */
const titleIndex = (titleKey: string) => sha1(titleKey).slice(0, 12);

let code: string | undefined;
/**
 * Identifies the code that converts digests: every source file of the ingest (src/lib,
 * scripts/lib, scripts/ingest.ts), the locked dependency versions and Node's version. Entries an
 * update leaves alone must be what this code would write, so a snapshot of other code is not
 * continued from (the first run after an upgrade converts everything).
 */
export function codeKey(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return (code ??= codeHash([process.version, ...['src/lib', 'scripts/lib'].map((dir) => ({ dir: join(root, dir) })), ...['scripts/ingest.ts', 'package-lock.json'].map((file) => ({ file: join(root, file) }))]));
}

/** Stamp of a file whose content is known (`data`), else read. */
export function stampOf(path: string, data?: string | Uint8Array): Stamp {
  const { size, mtimeMs } = statSync(path);
  return [size, mtimeMs, sha1(data ?? readFileSync(path))];
}

/**
 * Whether `path` still has the content of `stamp`: `same` size and time; else, with the same size
 * and hash, only touched, and its new stamp is returned (the file is read once).
 */
function sameFile(path: string, stamp: Stamp): 'same' | 'changed' | Stamp {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || stat.size !== stamp[0]) return 'changed';
  if (stat.mtimeMs === stamp[1]) return 'same';
  const hash = sha1(readFileSync(path));
  return hash === stamp[2] ? [stat.size, stat.mtimeMs, hash] : 'changed';
}

/**
 * Makes `path` `length` bytes long with `parts` written at their offsets, and syncs it: a file
 * written whole, appended to or patched in place (a day changes kilobytes of megabytes).
 */
function writeFileDurably(path: string, length: number, parts: Iterable<[at: number, data: Uint8Array]>): void {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w');
  try {
    ftruncateSync(fd, length);
    for (const [at, bytes] of parts) {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const writeWhole = (path: string, data: Uint8Array) => writeFileDurably(path, data.length, [[0, data]]);

function syncDir(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const toStored = (contentDir: string, w: InputWarning): StoredWarning => ({ file: relative(contentDir, w.file), line: w.line, message: w.message });
const fromStored = (contentDir: string, w: StoredWarning): InputWarning => ({ file: join(contentDir, w.file), line: w.line, message: w.message });

function toShard(stored: StoredPaper): ShardPaper {
  const { sightings, ...rest } = stored.paper;
  return [{ ...rest, sightings: sightings.map((s) => [s.date, s.position, s.line]) }, stored.topics, stored.keyPhrases];
}

function fromShard([paper, topics, keyPhrases]: ShardPaper, fileOf: (date: string) => string): StoredPaper {
  const sightings = paper.sightings.map(([date, position, line]) => ({ date, position, line, file: fileOf(date) }));
  return { paper: { ...paper, sightings }, topics, keyPhrases };
}

/**
 * One entry's record in entries.bin: size, time, the first 16 bytes of its SHA-1, then the keys of
 * what it was made from (`entryKeys`: 16 bytes of the base key, 8 of the related key).
 */
function entryRecord(size: number, mtimeMs: number, hash: string, keys: EntryKeys): Buffer {
  const record = Buffer.alloc(ENTRY_BYTES);
  record.writeDoubleLE(size, 0);
  record.writeDoubleLE(mtimeMs, 8);
  Buffer.from(hash.slice(0, 32), 'hex').copy(record, 16);
  Buffer.from(keys.base, 'hex').copy(record, 32);
  Buffer.from(keys.related, 'hex').copy(record, 48);
  return record;
}

/** The keys a record holds. */
function recordKeys(entries: Buffer, i: number): EntryKeys {
  const at = i * ENTRY_BYTES;
  return { base: entries.toString('hex', at + 32, at + 48), related: entries.toString('hex', at + 48, at + 56) };
}

/** The previous run's archive, checked against content/ and ready for `planUpdate`. */
export interface Snapshot extends PreviousArchive {
  /** Digests (names) that are new since the previous run, oldest first. */
  newDigests: string[];
  /** Generation of the related store and key of the phrase statistics the archive was derived with. */
  related: string;
  phrases: { key: string; docs: number; table: () => StringTable };
  /** For saving: the snapshot as read. */
  dir: string;
  manifest: Manifest;
  shards: Map<number, ShardPaper[]>;
  entries: Buffer;
  /** Files whose time changed but not their content: their new stamps (by path in the content folder), and the entries' new records. */
  touched: { files: Record<string, Stamp>; entries: Map<number, Buffer> };
}

export interface SnapshotCheck {
  contentDir: string;
  cacheDir: string;
  taxonomyHash: string;
  /** Every input file but the topics, by path in the content folder (`digests/…`, `resolved/…`), sorted. */
  inputs: readonly string[];
}

const snapshotDir = (cacheDir: string) => join(cacheDir, 'snapshot');

/** The paths in the content folder of the files in `folder`, sorted. */
export function filesIn(contentDir: string, folder: string, wanted: (name: string) => boolean = () => true): string[] {
  const dir = join(contentDir, folder);
  return existsSync(dir) ? readdirSync(dir).filter(wanted).sort().map((name) => `${folder}/${name}`) : [];
}

/**
 * Why the files the manifest stamps are not as the last run left them, if they are not: one is
 * gone or changed, or one is new that may not be (a day entry, a digest or resolution file not
 * after the newest day). Those only touched (another time, the same bytes) get their new stamps in
 * `touched`.
 */
function changedFiles(check: SnapshotCheck, manifest: Manifest, touched: Record<string, Stamp>): string | undefined {
  const present = new Set([...check.inputs, ...filesIn(check.contentDir, 'days'), REGISTRY_PATH]);
  for (const [path, stamp] of Object.entries(manifest.files)) {
    if (!present.has(path)) return `${path} was removed`;
    const state = sameFile(join(check.contentDir, path), stamp);
    if (state === 'changed') return `${path} changed`;
    if (state !== 'same') touched[path] = state;
  }
  for (const path of present) {
    if (path in manifest.files) continue;
    const [folder, name = ''] = path.split('/');
    if (folder === 'digests' || folder === RESOLVED_DIR) {
      if (name.slice(0, 10) > manifest.newest) continue;
      return folder === 'digests' ? `${path} is not later than the newest day converted (${manifest.newest})` : `${path} is new for a day already converted`;
    }
    return `${path} was not written by the earlier run`;
  }
  return undefined;
}

/** The papers' lines (slug, arXiv id, title key) and entry records of the snapshot in `dir`, or why they cannot be used. */
function readPaperList(dir: string, manifest: Manifest): { lines: [string, string, string][]; entries: Buffer } | string {
  try {
    const text = readFileSync(join(dir, 'papers.jsonl'), 'utf8').slice(0, manifest.papersBytes);
    // Each line is `[slug, arXiv id, title key],`: the whole file is one JSON array but for its brackets.
    const lines = JSON.parse(`[${text.slice(0, -2)}]`) as [string, string, string][];
    const entries = readFileSync(join(dir, 'entries.bin'));
    if (lines.length !== manifest.papers || entries.length < lines.length * ENTRY_BYTES) return 'the cache of an earlier run is incomplete';
    return { lines, entries };
  } catch {
    return 'the cache of an earlier run is unreadable';
  }
}

/** The manifest of the snapshot in `dir` if this code wrote it, else why not. */
function readManifest(dir: string): Manifest | string {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return 'no cache of an earlier run';
  }
  return manifest.format === FORMAT && manifest.code === codeKey() ? manifest : 'the cache is from another version of Daybook';
}

/**
 * The previous run's snapshot, if content/ is still as that run left it apart from new digests
 * dated after its newest day; else why not (a full conversion follows).
 */
export function openSnapshot(check: SnapshotCheck): Snapshot | string {
  const dir = snapshotDir(check.cacheDir);
  const { contentDir } = check;
  const manifest = readManifest(dir);
  if (typeof manifest === 'string') return manifest;
  const touched: Snapshot['touched'] = { files: {}, entries: new Map() };
  const filesChanged = changedFiles(check, manifest, touched.files);
  if (filesChanged) return filesChanged;
  if (manifest.taxonomy !== check.taxonomyHash) return 'the topics (content/topics) changed';

  // Paper entries: the same files, none edited.
  const paperList = readPaperList(dir, manifest);
  if (typeof paperList === 'string') return paperList;
  const { lines, entries } = paperList;
  const slugs = lines.map((line) => line[0]);
  if (statSync(join(contentDir, 'papers'), { throwIfNoEntry: false })?.mtimeMs !== manifest.papersDir) {
    const found = existsSync(join(contentDir, 'papers')) ? readdirSync(join(contentDir, 'papers')).sort() : [];
    const expected = slugs.map((slug) => `${slug}.md`).sort();
    if (found.join('\n') !== expected.join('\n')) return 'content/papers/ has other files than the earlier run wrote';
  }
  const papersDir = `${join(contentDir, 'papers')}/`;
  for (let i = 0; i < slugs.length; i++) {
    // Concatenated, not joined: path.join cost as much as the stat itself, 118,000 times over.
    const path = `${papersDir}${slugs[i]}.md`;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return `papers/${slugs[i]}.md was removed`;
    const at = i * ENTRY_BYTES;
    if (stat.size === entries.readDoubleLE(at) && stat.mtimeMs === entries.readDoubleLE(at + 8)) continue;
    const hash = sha1(readFileSync(path));
    if (stat.size !== entries.readDoubleLE(at) || hash.slice(0, 32) !== entries.toString('hex', at + 16, at + 32)) return `papers/${slugs[i]}.md was edited`;
    touched.entries.set(i, entryRecord(stat.size, stat.mtimeMs, hash, recordKeys(entries, i)));
  }

  const identities: PaperIdentity[] = lines.map(([, arxivId, titleKey]) => ({ arxivId: arxivId || undefined, titleKey }));
  const digestDir = join(contentDir, 'digests');
  const newDigests = check.inputs.filter((path) => path.startsWith('digests/') && !(path in manifest.files)).map((path) => path.slice('digests/'.length));
  const fileOfDate = new Map(Object.keys(manifest.files).flatMap((path) => (path.startsWith('digests/') ? [[basename(path).slice(0, 10), join(contentDir, path)] as const] : [])));
  const shards = new Map<number, ShardPaper[]>();
  const shard = (n: number): ShardPaper[] => {
    let papers = shards.get(n);
    if (!papers) {
      papers = readShard(dir, manifest, n);
      shards.set(n, papers);
    }
    return papers;
  };
  let phrases: StringTable | undefined;
  return {
    identities,
    titleIndex,
    slugs,
    orphans: manifest.orphans,
    days: manifest.days,
    newest: manifest.newest,
    sightings: manifest.sightings,
    digestWarnings: manifest.digestWarnings.map((w) => fromStored(contentDir, w)),
    mergeWarnings: manifest.mergeWarnings.map((w) => fromStored(contentDir, w)),
    load: (i) => {
      const stored = shard(Math.floor(i / SHARD_SIZE))[i % SHARD_SIZE];
      if (!stored) throw new Error(`snapshot: paper ${i} is missing from its shard`);
      return fromShard(stored, (date) => fileOfDate.get(date) ?? join(digestDir, date));
    },
    entry: (slug) => {
      const file = join(contentDir, 'papers', `${slug}.md`);
      return { text: readFileSync(file, 'utf8'), file };
    },
    newDigests,
    related: manifest.related,
    phrases: { ...manifest.phrases, table: () => (phrases ??= new StringTable(readFileSync(join(dir, 'phrases.bin')))) },
    dir,
    manifest,
    shards,
    entries,
    touched,
  };
}

/**
 * What the previous run wrote to each paper entry (content hash and input keys), by slug, from
 * the snapshot of the same code whatever has changed since: a full run reuses an entry whose
 * text is still that and whose inputs have the same keys. Empty without a usable snapshot.
 */
export function previousEntries(cacheDir: string): Map<string, EntryKeys & { hash: string }> {
  const dir = snapshotDir(cacheDir);
  const found = new Map<string, EntryKeys & { hash: string }>();
  const manifest = readManifest(dir);
  const list = typeof manifest === 'string' ? manifest : readPaperList(dir, manifest);
  if (typeof list === 'string') return found;
  list.lines.forEach(([slug], i) => found.set(slug, { ...recordKeys(list.entries, i), hash: list.entries.toString('hex', i * ENTRY_BYTES + 16, i * ENTRY_BYTES + 32) }));
  return found;
}

/** Removes the manifest (and so the snapshot) before any of its files is rewritten. */
function invalidate(dir: string): void {
  mkdirSync(join(dir, 'shards'), { recursive: true });
  rmSync(join(dir, 'manifest.json'), { force: true });
  syncDir(dir);
}

function commitManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic.sync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  syncDir(dir);
}

const paperLine = (slug: string, paper: ArchivedPaper) => `${JSON.stringify([slug, paper.arxivId ?? '', titleIndex(paper.titleKey)])},\n`;

/** Stamps of the day entries of `dates` and of the registry, as the run wrote them (`written`: the text of those it has). */
function writtenStamps(contentDir: string, dates: readonly string[], written: ReadonlyMap<string, string>): Record<string, Stamp> {
  const stamps: Record<string, Stamp> = {};
  for (const path of [...dates.map((date) => `days/${date}.json`), REGISTRY_PATH]) stamps[path] = stampOf(join(contentDir, path), written.get(path));
  return stamps;
}

export interface FullSave {
  contentDir: string;
  cacheDir: string;
  state: ArchiveState;
  /** Every generated file as written (the plan's files). */
  files: ReadonlyMap<string, string>;
  /** Stamps of the digests and resolution files read, by path in the content folder. */
  inputs: Record<string, Stamp>;
  taxonomyHash: string;
  related: string;
  phrases: { key: string; docs: number; df: ReadonlyMap<string, number> };
}

/** Writes the snapshot of a full conversion, once its entries are committed. */
export function saveFullSnapshot(save: FullSave): void {
  const dir = snapshotDir(save.cacheDir);
  const previous = readManifest(dir);
  invalidate(dir);
  const { state, contentDir } = save;

  const lines = Buffer.from(state.papers.map((paper, i) => paperLine(state.slugs[i]!, paper)).join(''));
  writeWhole(join(dir, 'papers.jsonl'), lines);
  for (const name of readdirSync(join(dir, 'shards'))) rmSync(join(dir, 'shards', name), { force: true });
  const shards: Record<string, string> = {};
  for (let n = 0; n * SHARD_SIZE < state.papers.length; n++) {
    const shard = state.papers.slice(n * SHARD_SIZE, (n + 1) * SHARD_SIZE).map((paper, j) => {
      const slug = state.slugs[n * SHARD_SIZE + j]!;
      return toShard({ paper, topics: state.derived.topics.get(slug) ?? [], keyPhrases: state.derived.keyPhrases.get(slug) ?? [] });
    });
    shards[n] = writeShard(dir, n, shard);
  }
  const records = state.slugs.map((slug, i) => {
    const path = `papers/${slug}.md`;
    const { size, mtimeMs } = statSync(join(contentDir, path));
    return entryRecord(size, mtimeMs, sha1(save.files.get(path) ?? ''), state.keys[i]!);
  });
  writeWhole(join(dir, 'entries.bin'), Buffer.concat(records));
  if (typeof previous === 'string' || previous.phrases.key !== save.phrases.key || !existsSync(join(dir, 'phrases.bin'))) {
    writeWhole(join(dir, 'phrases.bin'), encodeTable([...save.phrases.df].map(([key, df]) => [key, df] as const), 1));
  }

  commitManifest(dir, {
    format: FORMAT,
    code: codeKey(),
    newest: state.days.at(-1)?.date ?? '',
    days: state.days.length,
    sightings: state.sightings,
    papers: state.papers.length,
    papersBytes: lines.length,
    files: { ...save.inputs, ...writtenStamps(contentDir, state.days.map((day) => day.date), save.files) },
    taxonomy: save.taxonomyHash,
    papersDir: statSync(join(contentDir, 'papers')).mtimeMs,
    digestWarnings: state.digestWarnings.map((w) => toStored(contentDir, w)),
    mergeWarnings: state.mergeWarnings.map((w) => toStored(contentDir, w)),
    orphans: state.orphans,
    related: save.related,
    phrases: { key: save.phrases.key, docs: save.phrases.docs },
    shards,
  });
}

export interface UpdateSave {
  contentDir: string;
  snapshot: Snapshot;
  plan: UpdatePlan;
  /** Stamps of the new digests and their resolution files, by path in the content folder. */
  inputs: Record<string, Stamp>;
  /** Saves the related store (once the snapshot is invalid); returns its generation. */
  related: () => string;
}

/** Adds what an update changed to the snapshot it started from, once its entries are committed. */
export function saveUpdate({ contentDir, snapshot, plan, inputs, related }: UpdateSave): void {
  const { dir, manifest } = snapshot;
  const { state } = plan;
  invalidate(dir);
  const relatedGeneration = related();
  const known = snapshot.slugs.length;

  const lines = Buffer.from(state.added.map(({ slug, paper }) => paperLine(slug, paper)).join(''));
  writeFileDurably(join(dir, 'papers.jsonl'), manifest.papersBytes + lines.length, [[manifest.papersBytes, lines]]);
  // Shards of the papers seen again and of the new ones, as they are now.
  const changed = new Map<number, StoredPaper>(state.seenAgain);
  state.added.forEach((paper, n) => changed.set(known + n, paper));
  const shardsToWrite = new Set([...changed.keys()].map((i) => Math.floor(i / SHARD_SIZE)));
  const shards = { ...manifest.shards };
  for (const n of [...shardsToWrite].sort((a, b) => a - b)) {
    const shard: ShardPaper[] = n * SHARD_SIZE < known ? [...(snapshot.shards.get(n) ?? readShard(dir, manifest, n))] : [];
    for (const [i, paper] of changed) if (Math.floor(i / SHARD_SIZE) === n) shard[i % SHARD_SIZE] = toShard(paper);
    shards[n] = writeShard(dir, n, shard);
  }

  // Entry records: the files this run wrote, and those only touched since the last.
  const records = new Map(snapshot.touched.entries);
  const slugOf = (i: number) => (i < known ? snapshot.slugs[i]! : state.added[i - known]!.slug);
  for (const [i, keys] of state.rewritten) {
    const path = `papers/${slugOf(i)}.md`;
    const [size, mtimeMs, hash] = stampOf(join(contentDir, path), plan.files.get(path));
    // A patched entry (its related list only) keeps its base key.
    records.set(i, entryRecord(size, mtimeMs, hash, { base: keys.base ?? recordKeys(snapshot.entries, i).base, related: keys.related }));
  }
  writeFileDurably(join(dir, 'entries.bin'), (known + state.added.length) * ENTRY_BYTES, [...records].map(([i, record]) => [i * ENTRY_BYTES, record] as [number, Buffer]));

  commitManifest(dir, {
    ...manifest,
    code: codeKey(),
    newest: state.days.at(-1)?.date ?? manifest.newest,
    days: plan.days,
    sightings: manifest.sightings + state.sightings,
    papers: plan.papers,
    papersBytes: manifest.papersBytes + lines.length,
    files: { ...manifest.files, ...snapshot.touched.files, ...inputs, ...writtenStamps(contentDir, state.days.map((day) => day.date), plan.files) },
    papersDir: statSync(join(contentDir, 'papers')).mtimeMs,
    digestWarnings: [...manifest.digestWarnings, ...state.digestWarnings.map((w) => toStored(contentDir, w))],
    mergeWarnings: [...manifest.mergeWarnings, ...state.mergeWarnings.map((w) => toStored(contentDir, w))],
    related: relatedGeneration,
    shards,
  });
}

/** Removes the snapshot (a run that could not save one must not leave a stale one). */
export function dropSnapshot(cacheDir: string): void {
  rmSync(join(snapshotDir(cacheDir), 'manifest.json'), { force: true });
}
