/**
 * The paper index (src/catalog/paper-index.ts) on a real folder: what a build reads in place of
 * every entry, when it may trust it, and what a day's write costs on disk. The ingest's use of it
 * (drop before the commit, write after) is tested in tests/unit/incremental-ingest.test.ts.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentPaperRecords, dropPaperIndex, paperIndexIsCurrent, readPaperIndex, recordsOfEntries, writePaperIndex } from '../../src/catalog/paper-index.ts';
import { ingestCacheDir } from '../../src/content-root.ts';
import { readPaperFrontmatter } from '../../src/lib/archive/entries.ts';
import type { PaperRecord } from '../../src/lib/archive/paper-record.ts';
import { paperRecord } from '../../src/lib/archive/paper-record.ts';

let work = '';
let content = '';
let cacheDir = '';
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'daybook-index-'));
  content = join(work, 'content');
  cacheDir = ingestCacheDir(content);
  mkdirSync(join(content, 'papers'), { recursive: true });
  mkdirSync(join(content, 'days'), { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Writes the entry of paper `slug`, first seen on `day`, and returns its record as the ingest makes it. */
function entry(slug: string, day: string, title = `Title of ${slug}`): PaperRecord {
  const text = `---\ntitle: "${title}"\nauthors: ["Ada Lovelace"]\ndays: ["${day}"]\ntopics: ["agents"]\nrelated: []\nexcerpt: ""\nkeyPhrases: []\n---\nThe abstract of ${slug}.\n`;
  writeFileSync(join(content, 'papers', `${slug}.md`), text);
  const data = readPaperFrontmatter(text);
  expect(data, slug).toBeDefined();
  return paperRecord(slug, text, data!);
}

/** Sets the time of `papers/` as a commit of entries does (it renames files into the folder). */
const commitTime = (ms: number) => utimesSync(join(content, 'papers'), ms / 1000, ms / 1000);

describe('the paper index', () => {
  it('reads back every record it wrote, and is current until the content folders change', () => {
    const records = [entry('a', '2025-03-01'), entry('b', '2026-01-02'), entry('c', '2026-02-03')];
    commitTime(1_000_000);
    writePaperIndex(cacheDir, content, 'code-1', records);
    expect(readPaperIndex(cacheDir, content)).toEqual({ code: 'code-1', current: true, records });
    expect(paperIndexIsCurrent(cacheDir, content)).toBe(true);
    expect(currentPaperRecords(content)).toEqual(records);
    // Another ingest (another cache folder) commits entries: this index no longer describes the content.
    commitTime(2_000_000);
    expect(readPaperIndex(cacheDir, content)?.current).toBe(false);
    expect(paperIndexIsCurrent(cacheDir, content)).toBe(false);
    expect(currentPaperRecords(content)).toBeUndefined();
  });

  it('is gone once dropped, and unread when a segment is missing: the build then reads the entries', () => {
    const records = [entry('a', '2025-03-01'), entry('b', '2026-01-02')];
    writePaperIndex(cacheDir, content, 'code-1', records);
    dropPaperIndex(cacheDir);
    expect(readPaperIndex(cacheDir, content)).toBeUndefined();
    expect(paperIndexIsCurrent(cacheDir, content)).toBe(false);
    writePaperIndex(cacheDir, content, 'code-1', records);
    const segments = join(cacheDir, 'paper-index');
    rmSync(join(segments, readdirSync(segments).find((name) => name.startsWith('2025.'))!));
    expect(readPaperIndex(cacheDir, content)).toBeUndefined();
    expect(currentPaperRecords(content)).toBeUndefined();
    // What a build without it makes instead, from the entries themselves: the same records.
    expect(recordsOfEntries(join(content, 'papers'), records.map((r) => ({ id: r.id, data: {} })).reverse())).toEqual(records);
  });

  it('writes a year\'s segment only when its entries changed, and removes the segments it no longer names', () => {
    const old = [entry('a', '2025-03-01'), entry('b', '2025-07-02')];
    const recent = [entry('c', '2026-02-03')];
    writePaperIndex(cacheDir, content, 'code-1', [...old, ...recent]);
    const segments = join(cacheDir, 'paper-index');
    const named = () => new Map(readdirSync(segments).map((name) => [name.slice(0, 4), { name, mtimeMs: statSync(join(segments, name)).mtimeMs }]));
    const first = named();
    expect([...first.keys()].sort()).toEqual(['2025', '2026']);
    utimesSync(join(segments, first.get('2025')!.name), 1, 1);
    // A new day of 2026, and a 2026 paper retitled: the closed year is left as it is.
    const next = [...old, entry('c', '2026-02-03', 'A new title'), entry('d', '2026-02-04')];
    writePaperIndex(cacheDir, content, 'code-1', next);
    const second = named();
    expect(second.get('2025')).toEqual({ name: first.get('2025')!.name, mtimeMs: 1000 });
    expect(second.get('2026')!.name).not.toBe(first.get('2026')!.name);
    expect(readdirSync(segments)).toHaveLength(2);
    expect(readPaperIndex(cacheDir, content)?.records).toEqual(next);
  });
});
