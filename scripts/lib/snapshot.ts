/**
 * What a run leaves in `.cache/daybook/snapshot/` so that the next one can add a day without
 * reading and converting the whole archive again (src/lib/archive/update.ts):
 *
 *   manifest.json   what the run read and wrote: every digest, day entry and the registry with its
 *                   size, time and hash; the taxonomy's hash; counts, warnings, slugs of papers that
 *                   left the archive; which related-paper store and phrase statistics belong to it
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
import { join, relative } from 'node:path';
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

/** 2: papers carry the digest's extras (summary, key phrases, stars…), days the digest's scores; 3: resolution files; 4: shards' hashes. */
const FORMAT = 4;
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
  digests: Record<string, Stamp>;
  /** `content/resolved/` files (by name) the archive was made with. */
  resolved: Record<string, Stamp>;
  dayEntries: Record<string, Stamp>;
  /** The registry grows by appends: one hash per appended part, so a run hashes only what it adds. */
  registry: { size: number; mtimeMs: number; parts: [end: number, hash: string][] };
  taxonomy: string;
  /** Modification times of papers/ and days/: unchanged, no entry was added, removed or renamed. */
  dirs: { papers: number; days: number };
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
  replaceDurably(join(dir, 'shards', `${n}.json`), text);
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

/** Whether `path` still has the content of `stamp`: same size and time, or else the same hash. */
function sameFile(path: string, stamp: Stamp | undefined): 'same' | 'touched' | 'changed' {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stamp || !stat) return 'changed';
  if (stat.size === stamp[0] && stat.mtimeMs === stamp[1]) return 'same';
  return stat.size === stamp[0] && sha1(readFileSync(path)) === stamp[2] ? 'touched' : 'changed';
}

function writeFileDurably(path: string, data: string | Uint8Array, at = 0): void {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w');
  try {
    if (at === 0) ftruncateSync(fd, 0);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function replaceDurably(path: string, data: string): void {
  writeFileAtomic.sync(path, data);
}

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
  /** Files whose time changed but not their content: their new stamps. */
  touched: { digests: Record<string, Stamp>; resolved: Record<string, Stamp>; days: Record<string, Stamp>; entries: Map<number, Buffer>; registry: boolean };
}

export interface SnapshotCheck {
  contentDir: string;
  cacheDir: string;
  taxonomyHash: string;
  /** Every digest file name, sorted. */
  digestNames: readonly string[];
  /** Every resolution file name (`content/resolved/`), sorted. */
  resolvedNames: readonly string[];
}

const snapshotDir = (cacheDir: string) => join(cacheDir, 'snapshot');

/**
 * Which of the input files `stamps` lists in `contentDir/folder` is gone or changed, if any; those
 * only touched (another time, the same bytes) get their new stamps in `touched`.
 */
function changedInputs(contentDir: string, folder: string, stamps: Record<string, Stamp>, present: readonly string[], touched: Record<string, Stamp>): string | undefined {
  const names = new Set(present);
  for (const [name, stamp] of Object.entries(stamps)) {
    if (!names.has(name)) return `${folder}/${name} was removed`;
    const path = join(contentDir, folder, name);
    const state = sameFile(path, stamp);
    if (state === 'changed') return `${folder}/${name} changed`;
    if (state === 'touched') touched[name] = stampOf(path);
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

/**
 * The previous run's snapshot, if content/ is still as that run left it apart from new digests
 * dated after its newest day; else why not (a full conversion follows).
 */
export function openSnapshot(check: SnapshotCheck): Snapshot | string {
  const dir = snapshotDir(check.cacheDir);
  const { contentDir } = check;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== FORMAT || manifest.code !== codeKey()) return 'the cache is from another version of Daybook';
  } catch {
    return 'no cache of an earlier run';
  }
  const touched: Snapshot['touched'] = { digests: {}, resolved: {}, days: {}, entries: new Map(), registry: false };

  // Digests: the known ones unchanged, the others all later than the newest day.
  const digestDir = join(contentDir, 'digests');
  const digestsChanged = changedInputs(contentDir, 'digests', manifest.digests, check.digestNames, touched.digests);
  if (digestsChanged) return digestsChanged;
  const newDigests = check.digestNames.filter((name) => !(name in manifest.digests));
  const older = newDigests.find((name) => name.slice(0, 10) <= manifest.newest);
  if (older) return `digests/${older} is not later than the newest day converted (${manifest.newest})`;
  // Resolution files: the known ones unchanged; a new one only for a new day.
  const resolvedChanged = changedInputs(contentDir, RESOLVED_DIR, manifest.resolved, check.resolvedNames, touched.resolved);
  if (resolvedChanged) return resolvedChanged;
  const olderResolved = check.resolvedNames.find((name) => !(name in manifest.resolved) && name.slice(0, 10) <= manifest.newest);
  if (olderResolved) return `${RESOLVED_DIR}/${olderResolved} is new for a day already converted`;
  if (manifest.taxonomy !== check.taxonomyHash) return 'the topics (content/topics) changed';

  // The registry, unchanged, or grown only by the appends recorded.
  const registryPath = join(contentDir, REGISTRY_PATH);
  const registryStat = statSync(registryPath, { throwIfNoEntry: false });
  if (!registryStat || registryStat.size !== manifest.registry.size) return `${REGISTRY_PATH} changed`;
  if (registryStat.mtimeMs !== manifest.registry.mtimeMs) {
    const bytes = readFileSync(registryPath);
    let start = 0;
    for (const [end, hash] of manifest.registry.parts) {
      if (sha1(bytes.subarray(start, end)) !== hash) return `${REGISTRY_PATH} changed`;
      start = end;
    }
    touched.registry = true;
  }

  // Day entries and paper entries: the same files, none edited.
  const paperList = readPaperList(dir, manifest);
  if (typeof paperList === 'string') return paperList;
  const { lines, entries } = paperList;
  const slugs = lines.map((line) => line[0]);
  const dirsChanged = (sub: 'papers' | 'days') => statSync(join(contentDir, sub), { throwIfNoEntry: false })?.mtimeMs !== manifest.dirs[sub];
  if (dirsChanged('days')) {
    const found = existsSync(join(contentDir, 'days')) ? readdirSync(join(contentDir, 'days')).sort() : [];
    const expected = Object.keys(manifest.dayEntries).map((date) => `${date}.json`).sort();
    if (found.join('\n') !== expected.join('\n')) return 'content/days/ has other files than the earlier run wrote';
  }
  for (const [date, stamp] of Object.entries(manifest.dayEntries)) {
    const path = join(contentDir, 'days', `${date}.json`);
    const state = sameFile(path, stamp);
    if (state === 'changed') return `days/${date}.json was edited`;
    if (state === 'touched') touched.days[date] = stampOf(path);
  }
  if (dirsChanged('papers')) {
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
  const fileOfDate = new Map(Object.keys(manifest.digests).map((name) => [name.slice(0, 10), join(digestDir, name)]));
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
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return found;
  }
  const list = manifest.format === FORMAT && manifest.code === codeKey() ? readPaperList(dir, manifest) : 'of other code';
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
  replaceDurably(join(dir, 'manifest.json'), JSON.stringify(manifest));
  syncDir(dir);
}

const paperLine = (slug: string, paper: ArchivedPaper) => `${JSON.stringify([slug, paper.arxivId ?? '', titleIndex(paper.titleKey)])},\n`;

function dirStamps(contentDir: string): Manifest['dirs'] {
  return { papers: statSync(join(contentDir, 'papers')).mtimeMs, days: statSync(join(contentDir, 'days')).mtimeMs };
}

export interface FullSave {
  contentDir: string;
  cacheDir: string;
  state: ArchiveState;
  /** Every generated file as written (the plan's files). */
  files: ReadonlyMap<string, string>;
  digests: Record<string, Stamp>;
  resolved: Record<string, Stamp>;
  taxonomyHash: string;
  related: string;
  phrases: { key: string; docs: number; df: ReadonlyMap<string, number> };
}

/** Writes the snapshot of a full conversion, once its entries are committed. */
export function saveFullSnapshot(save: FullSave): void {
  const dir = snapshotDir(save.cacheDir);
  const previousPhrases = (() => {
    try {
      return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest).phrases?.key;
    } catch {
      return undefined;
    }
  })();
  invalidate(dir);
  const { state, contentDir } = save;

  const lines = state.papers.map((paper, i) => paperLine(state.slugs[i]!, paper)).join('');
  writeFileDurably(join(dir, 'papers.jsonl'), lines);
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
  writeFileDurably(join(dir, 'entries.bin'), Buffer.concat(records));
  if (previousPhrases !== save.phrases.key || !existsSync(join(dir, 'phrases.bin'))) {
    writeFileDurably(join(dir, 'phrases.bin'), encodeTable([...save.phrases.df].map(([key, df]) => [key, df] as const), 1));
  }

  const registryText = save.files.get(REGISTRY_PATH) ?? '';
  const registryStat = statSync(join(contentDir, REGISTRY_PATH));
  const dayEntries: Record<string, Stamp> = {};
  for (const day of state.days) dayEntries[day.date] = stampOf(join(contentDir, 'days', `${day.date}.json`), save.files.get(`days/${day.date}.json`));
  commitManifest(dir, {
    format: FORMAT,
    code: codeKey(),
    newest: state.days.at(-1)?.date ?? '',
    days: state.days.length,
    sightings: state.sightings,
    papers: state.papers.length,
    papersBytes: Buffer.byteLength(lines),
    digests: save.digests,
    resolved: save.resolved,
    dayEntries,
    registry: { size: registryStat.size, mtimeMs: registryStat.mtimeMs, parts: [[registryStat.size, sha1(registryText)]] },
    taxonomy: save.taxonomyHash,
    dirs: dirStamps(contentDir),
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
  /** Stamps of the new digests, and of their resolution files. */
  digests: Record<string, Stamp>;
  resolved: Record<string, Stamp>;
  /** Saves the related store (once the snapshot is invalid); returns its generation. */
  related: () => string;
}

/** Adds what an update changed to the snapshot it started from, once its entries are committed. */
export function saveUpdate({ contentDir, snapshot, plan, digests, resolved, related }: UpdateSave): void {
  const { dir, manifest } = snapshot;
  const { state } = plan;
  invalidate(dir);
  const relatedGeneration = related();
  const known = snapshot.slugs.length;

  const lines = state.added.map(({ slug, paper }) => paperLine(slug, paper)).join('');
  writeFileDurably(join(dir, 'papers.jsonl'), lines, manifest.papersBytes);
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
  const fd = openSync(join(dir, 'entries.bin'), 'r+');
  try {
    ftruncateSync(fd, (known + state.added.length) * ENTRY_BYTES);
    for (const [i, record] of records) writeSync(fd, record, 0, ENTRY_BYTES, i * ENTRY_BYTES);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }

  const dayEntries = { ...manifest.dayEntries, ...snapshot.touched.days };
  for (const day of state.days) dayEntries[day.date] = stampOf(join(contentDir, 'days', `${day.date}.json`), plan.files.get(`days/${day.date}.json`));
  const registryStat = statSync(join(contentDir, REGISTRY_PATH));
  const parts = [...manifest.registry.parts];
  if (plan.registryAppend !== '') parts.push([registryStat.size, sha1(plan.registryAppend)]);
  commitManifest(dir, {
    ...manifest,
    code: codeKey(),
    newest: state.days.at(-1)?.date ?? manifest.newest,
    days: plan.days,
    sightings: manifest.sightings + state.sightings,
    papers: plan.papers,
    papersBytes: manifest.papersBytes + Buffer.byteLength(lines),
    digests: { ...manifest.digests, ...snapshot.touched.digests, ...digests },
    resolved: { ...manifest.resolved, ...snapshot.touched.resolved, ...resolved },
    dayEntries,
    registry: { size: registryStat.size, mtimeMs: registryStat.mtimeMs, parts },
    dirs: dirStamps(contentDir),
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
