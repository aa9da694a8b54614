/**
 * The paper index: every paper's record (src/lib/archive/paper-record.ts: frontmatter and hashes),
 * written by the ingest beside its snapshot, so a build knows the whole archive without reading,
 * or even listing, its 100,000s of entries; the papers loader (src/catalog/loader.ts) and the
 * pages (src/data/archive.ts) read it.
 *
 * - The ingest removes the index before it commits entries and writes it after (`dropPaperIndex`,
 *   `writePaperIndex`): an ingest cut short between the two leaves none, never one that describes
 *   other entries. Without an index a build reads every entry, as a first build does.
 * - The index names the content it describes by the modification times of `papers/` and `days/`,
 *   which every commit of entries changes (entries are renamed into place: scripts/lib/transaction.ts):
 *   an index is not used for content another ingest (another cache folder) has written since.
 * - On disk the records are in a segment per year of their first day, each named by a hash of
 *   what it holds and never changed once written: a new day writes its own year's segment and the
 *   few others whose entries it changed, not every closed year again. The head file, written last
 *   and renamed into place, names the segments; writing it is the index's commit.
 */
import writeFileAtomic from 'write-file-atomic';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCacheDir } from '../content-root.ts';
import { readPaperFrontmatter } from '../lib/archive/entries.ts';
import type { PaperRecord } from '../lib/archive/paper-record.ts';
import { paperRecord } from '../lib/archive/paper-record.ts';
import type { PaperFrontmatter } from '../lib/schema.ts';

/** Bump when a record's shape changes: an index of another format is not read (the ingest writes it anew). */
const FORMAT = 1;

interface Head {
  format: number;
  /** The ingest code that made the records (a record is made by code: another code's are not reused). */
  code: string;
  /** `contentStamp` of the content the records describe. */
  content: string;
  /** Segment file names, by year. */
  segments: Record<string, string>;
}

const headFile = (dir: string) => join(dir, 'paper-index.json');
const segmentFolder = (dir: string) => join(dir, 'paper-index');

/** What changes whenever the ingest commits entries: the modification times of `papers/` and `days/`. */
function contentStamp(contentDir: string): string {
  return ['papers', 'days'].map((sub) => statSync(join(contentDir, sub), { throwIfNoEntry: false })?.mtimeMs ?? 'none').join(':');
}

export interface PaperIndex {
  /** The ingest code that made the records. */
  code: string;
  /** Whether it describes the content folder as it is now (else other entries may have been committed since). */
  current: boolean;
  records: PaperRecord[];
}

/** The head of the index in `dir`, or undefined when there is none or it is of another format. */
function readHead(dir: string): Head | undefined {
  try {
    const head = JSON.parse(readFileSync(headFile(dir), 'utf8')) as Head;
    return head.format === FORMAT ? head : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the index in `dir` describes `contentDir` as it is now (its head alone says: the records are not read). */
export function paperIndexIsCurrent(dir: string, contentDir: string): boolean {
  return readHead(dir)?.content === contentStamp(contentDir);
}

/** The index in the ingest cache folder `dir` for `contentDir`, or undefined when there is none whole or it is of another format. */
export function readPaperIndex(dir: string, contentDir: string): PaperIndex | undefined {
  const head = readHead(dir);
  if (!head) return undefined;
  try {
    const records = Object.values(head.segments).flatMap((name) => JSON.parse(readFileSync(join(segmentFolder(dir), name), 'utf8')) as PaperRecord[]);
    return { code: head.code, current: head.content === contentStamp(contentDir), records };
  } catch {
    return undefined;
  }
}

/** Removes the index (its head: the segments alone are no index), before the entries it describes change. */
export function dropPaperIndex(dir: string): void {
  rmSync(headFile(dir), { force: true });
}

/** Writes `records` as the index of `contentDir` as it is now, and drops the segments it no longer names. */
export function writePaperIndex(dir: string, contentDir: string, code: string, records: readonly PaperRecord[]): void {
  const byYear = new Map<string, PaperRecord[]>();
  for (const record of records) {
    const year = record.data.days[0]?.slice(0, 4) ?? 'none';
    const list = byYear.get(year);
    if (list) list.push(record);
    else byYear.set(year, [record]);
  }
  const folder = segmentFolder(dir);
  mkdirSync(folder, { recursive: true });
  const segments: Record<string, string> = {};
  for (const [year, list] of [...byYear].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const identity = createHash('sha1').update(`${FORMAT}\0${code}`);
    for (const record of list) identity.update(`\0${record.id}\0${record.entryHash}`);
    const name = `${year}.${identity.digest('base64url').slice(0, 20)}.json`;
    // Written under a temporary name and renamed: a segment that exists is whole.
    if (!existsSync(join(folder, name))) writeFileAtomic.sync(join(folder, name), JSON.stringify(list), { fsync: false });
    segments[year] = name;
  }
  // A cache: an index lost in a crash costs a build that reads every entry, so no fsync.
  writeFileAtomic.sync(headFile(dir), JSON.stringify({ format: FORMAT, code, content: contentStamp(contentDir), segments } satisfies Head), { fsync: false });
  const named = new Set(Object.values(segments));
  for (const name of readdirSync(folder)) if (!named.has(name)) rmSync(join(folder, name), { force: true });
}

/**
 * Every paper's record for a build of `contentDir`: the index's, when it describes the content as
 * it is now; else undefined, and the build reads every entry (`recordsOfEntries`).
 */
export function currentPaperRecords(contentDir: string): PaperRecord[] | undefined {
  const index = readPaperIndex(ingestCacheDir(contentDir), contentDir);
  return index?.current ? index.records : undefined;
}

/**
 * The records of loaded entries, by slug, made from their files in `papersDir` as the ingest makes
 * them: the frontmatter read by the same YAML reader, so a page shows the same data whichever way
 * its build knew the paper.
 */
export function recordsOfEntries(papersDir: string, entries: readonly { id: string; data: unknown }[]): PaperRecord[] {
  return [...entries]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((entry) => {
      const text = readFileSync(join(papersDir, `${entry.id}.md`), 'utf8');
      return paperRecord(entry.id, text, readPaperFrontmatter(text) ?? (entry.data as PaperFrontmatter));
    });
}
