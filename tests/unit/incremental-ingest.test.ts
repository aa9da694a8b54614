/**
 * A day's ingest adds the new days to the archive the previous run left (src/lib/archive/update.ts)
 * instead of converting every digest: these tests hold it to the full conversion, byte for byte.
 * A generated archive of ~3,000 papers is converted but for its last days, which are then added
 * one at a time; after each, every file of content/ is compared with a conversion from scratch.
 * Then the cases that must convert everything (an old digest changed, the cache deleted or stale,
 * a day older than the newest, a hand edit, a statistics step) are checked against a full run on
 * the same content, and that the report says which way each run went. Each time, the paper index
 * the run leaves (src/catalog/paper-index.ts) must describe the entries as they are: the same
 * records a full run makes, each paper's frontmatter as YAML and the schema read it from its file.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../scripts/lib/ingest.ts';
import type { IngestReport } from '../../scripts/lib/ingest.ts';
import { makeArchive } from '../../scripts/make-archive.ts';
import { statsSampleSize } from '../../src/lib/related/index.ts';
import { readPaperIndex } from '../../src/catalog/paper-index.ts';
import { readPaperFrontmatter } from '../../src/lib/archive/entries.ts';
import { paperFrontmatter } from '../../src/lib/schema.ts';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { COMMIT_POINTS } from '../../scripts/lib/transaction.ts';

const TMP = mkdtempSync(join(tmpdir(), 'daybook-incremental-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }), 120_000);

const cacheOf = (root: string) => `${root}.cache`;
const run = (root: string) => ingest({ contentDir: root, cacheDir: cacheOf(root) });

/** Every file of content/ but the digests and topics (the input), by path. */
function output(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of ['papers', 'days']) for (const name of readdirSync(join(root, dir)).sort()) files.set(`${dir}/${name}`, readFileSync(join(root, dir, name), 'utf8'));
  files.set('slugs.tsv', readFileSync(join(root, 'slugs.tsv'), 'utf8'));
  return files;
}

/** '' when two outputs are identical, else the first files that differ. */
function differences(a: Map<string, string>, b: Map<string, string>): string {
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path));
  return paths.slice(0, 5).join(', ');
}

let copies = 0;
/** A copy of a content root and its cache. */
function copy(root: string, withCache = true): string {
  const target = join(TMP, `copy-${copies++}`);
  cpSync(root, target, { recursive: true });
  if (withCache) cpSync(cacheOf(root), cacheOf(target), { recursive: true });
  return target;
}

/** A content root with the same digests and topics, nothing converted yet: a conversion from scratch. */
function fromScratch(root: string): string {
  const target = join(TMP, `scratch-${copies++}`);
  mkdirSync(target);
  cpSync(join(root, 'digests'), join(target, 'digests'), { recursive: true });
  cpSync(join(root, 'topics'), join(target, 'topics'), { recursive: true });
  return target;
}

/** The report's account of the archive: what a full run and an update must agree on (warnings name files below `root`). */
const summary = (r: IngestReport, root: string) => ({
  papers: r.papers,
  days: r.days,
  newPapers: r.newPapers,
  merged: r.merged,
  warnings: r.warnings.map((w) => ({ ...w, file: w.file.replace(root, '<root>') })),
  written: r.written,
  deleted: r.deleted,
  unchanged: r.unchanged,
});

/** The paper index the last run of `root` left, checked against the entries it describes: its records by slug. */
function indexOf(root: string): Map<string, unknown> {
  const index = readPaperIndex(cacheOf(root), root);
  expect(index?.current, `${root}: a paper index of the content as it is`).toBe(true);
  const records = new Map(index!.records.map((record) => [record.id, record]));
  const files = readdirSync(join(root, 'papers')).sort();
  expect([...records.keys()].sort().map((slug) => `${slug}.md`)).toEqual(files);
  for (const name of files) {
    const text = readFileSync(join(root, 'papers', name), 'utf8');
    const data = records.get(name.slice(0, -'.md'.length))?.data;
    expect(data, name).toEqual(readPaperFrontmatter(text));
    // As Astro reads the entry (its YAML reader, then the collection's schema): a page may show either.
    expect(data, name).toEqual(paperFrontmatter.parse(parseFrontmatter(text).frontmatter));
  }
  return records;
}

/** Runs `root` (with its cache) and a full conversion of a copy of the same content without cache; both must agree. */
async function expectSameAsFull(root: string): Promise<IngestReport> {
  const reference = copy(root, false);
  const report = await run(root);
  const full = await run(reference);
  expect(full.path).toBe('full');
  expect(differences(output(root), output(reference))).toBe('');
  expect(summary(report, root)).toEqual(summary(full, reference));
  expect(indexOf(root)).toEqual(indexOf(reference));
  return report;
}

let generated: string;
let days: string[];
/** The archive after the updates: the starting point of the fallback cases. */
let updated: string;
const HELD = 6;
let firstPapers = 0;

beforeAll(async () => {
  generated = join(TMP, 'generated');
  makeArchive({ papers: 4000, perDay: 120, out: generated, start: '2025-03-03' });
  days = readdirSync(join(generated, 'digests')).sort();
  updated = join(TMP, 'archive');
  mkdirSync(join(updated, 'digests'), { recursive: true });
  cpSync(join(generated, 'topics'), join(updated, 'topics'), { recursive: true });
  for (const day of days.slice(0, days.length - HELD)) cpSync(join(generated, 'digests', day), join(updated, 'digests', day));
  const first = await run(updated);
  expect(first.path).toBe('full');
  expect(first.fullReason).toBe('no cache of an earlier run');
  firstPapers = first.papers;
}, 300_000);

describe('a new day is added to the previous archive, with the bytes of a full conversion', () => {
  it('adds the last days one at a time, each equal to a conversion from scratch (but for a statistics step)', async () => {
    const paths: string[] = [];
    let papers = firstPapers;
    for (const day of days.slice(days.length - HELD)) {
      cpSync(join(generated, 'digests', day), join(updated, 'digests', day));
      const report = await run(updated);
      const scratch = fromScratch(updated);
      const reference = await run(scratch);
      expect(differences(output(updated), output(scratch)), day).toBe('');
      expect(indexOf(updated)).toEqual(indexOf(scratch));
      const history = (r: IngestReport) => ({ papers: r.papers, days: r.days, merged: r.merged, warnings: r.warnings.map((w) => ({ ...w, file: w.file.replace(updated, '').replace(scratch, '') })) });
      expect(history(report)).toEqual(history(reference));
      if (statsSampleSize(report.papers) !== statsSampleSize(papers)) expect(report.fullReason).toMatch(/statistics step/);
      else expect(report.path, report.fullReason).toBe('update');
      paths.push(report.path);
      papers = report.papers;
    }
    // Mostly updates; at least one day crossed a statistics step and converted everything.
    expect(paths.filter((p) => p === 'update').length).toBeGreaterThanOrEqual(3);
    expect(paths).toContain('full');
  }, 600_000);

  it('an update rewrites only the entries the day changes: new papers, returning ones, changed related lists', async () => {
    const root = join(TMP, 'rewrites');
    mkdirSync(join(root, 'digests'), { recursive: true });
    cpSync(join(generated, 'topics'), join(root, 'topics'), { recursive: true });
    for (const day of days.slice(0, days.length - HELD)) cpSync(join(generated, 'digests', day), join(root, 'digests', day));
    await run(root);
    const day = days[days.length - HELD]!;
    cpSync(join(generated, 'digests', day), join(root, 'digests', day));
    const before = output(root);
    const report = await run(root);
    expect(report.path, report.fullReason).toBe('update');
    const after = output(root);
    const changed = [...after].filter(([path, text]) => before.get(path) !== text);
    expect(report.written).toBe(changed.length);
    // More than the day's own papers: older papers gained a related paper.
    const entry = JSON.parse(after.get(`days/${day.replace('.json', '')}.json`)!) as { papers: string[] };
    expect(changed.length).toBeGreaterThan(entry.papers.length + 2);
  }, 120_000);
});

describe('anything unusual converts every digest, with the same bytes as a full run', () => {
  /** The day these cases add: the first held back, which is a plain update (no statistics step). */
  const next = () => days[days.length - HELD]!;

  /** The archive converted up to the day before `next()`, with its cache. */
  async function oneDayBehind(): Promise<string> {
    const root = join(TMP, `behind-${copies++}`);
    mkdirSync(join(root, 'digests'), { recursive: true });
    cpSync(join(generated, 'topics'), join(root, 'topics'), { recursive: true });
    for (const day of days.slice(0, days.length - HELD)) cpSync(join(generated, 'digests', day), join(root, 'digests', day));
    await run(root);
    return root;
  }
  const addNext = (root: string) => cpSync(join(generated, 'digests', next()), join(root, 'digests', next()));

  it('an old digest changed', async () => {
    const root = await oneDayBehind();
    const second = join(root, 'digests', days[1]!);
    const entries = JSON.parse(readFileSync(second, 'utf8')) as { paper: { title: string }; title: string }[];
    entries[0]!.paper.title = entries[0]!.title = `${entries[0]!.title} (corrected)`;
    writeFileSync(second, JSON.stringify(entries));
    addNext(root);
    const report = await expectSameAsFull(root);
    expect(report.path).toBe('full');
    expect(report.fullReason).toBe(`digests/${days[1]} changed`);
    // Entries whose inputs did not change were taken as written, not formatted again (and the bytes are a full run's).
    expect(report.formatted).toBeGreaterThan(0);
    expect(report.formatted).toBeLessThan(report.papers / 4);
  }, 120_000);

  it('the cache deleted', async () => {
    const root = await oneDayBehind();
    rmSync(cacheOf(root), { recursive: true });
    addNext(root);
    const report = await expectSameAsFull(root);
    expect(report.fullReason).toBe('no cache of an earlier run');
  }, 120_000);

  it('a snapshot shard cut short, emptied or filled with garbage: a cache miss, said in one line, then the full path', async () => {
    const behind = await oneDayBehind();
    const shardsDir = join(cacheOf(behind), 'snapshot', 'shards');
    const shards = readdirSync(shardsDir);
    expect(shards.length).toBeGreaterThan(1);
    const damages: [string, (bytes: Buffer) => Buffer | string][] = [
      ['cut short', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
      ['emptied', () => ''],
      // Valid JSON of the right shape, wrong content: only its hash tells.
      ['garbage', () => '[]'],
    ];
    for (const [damage, damaged] of damages) {
      const root = copy(behind);
      for (const shard of shards) writeFileSync(join(cacheOf(root), 'snapshot', 'shards', shard), damaged(readFileSync(join(shardsDir, shard))));
      addNext(root);
      const report = await expectSameAsFull(root);
      expect(report.path, damage).toBe('full');
      expect(report.fullReason, damage).toMatch(/^the cache file .*snapshot\/shards\/\d+\.json cannot be read/);
      // And the next day's update goes on from the snapshot the full run saved.
      expect(readdirSync(join(cacheOf(root), 'snapshot', 'shards')).length).toBe(shards.length);
    }
  }, 300_000);

  it('a stale cache: the one from before the last run', async () => {
    const root = await oneDayBehind();
    const stale = `${root}.stale`;
    cpSync(cacheOf(root), stale, { recursive: true });
    addNext(root);
    const first = await run(root);
    expect(first.path, first.fullReason).toBe('update');
    rmSync(cacheOf(root), { recursive: true });
    cpSync(stale, cacheOf(root), { recursive: true });
    const report = await expectSameAsFull(root);
    expect(report.path).toBe('full');
    expect(report.written).toBe(0);
  }, 120_000);

  it('a cache of other code (an upgrade with new topic rules): none of what it derived is kept', async () => {
    const root = await oneDayBehind();
    // What the older code left: a snapshot and derived topics of its own (here, one wrong topic for every paper).
    const manifestFile = join(cacheOf(root), 'snapshot', 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), code: 'an older version' }));
    const derivedFile = join(cacheOf(root), 'derived.json');
    const derived = JSON.parse(readFileSync(derivedFile, 'utf8')) as { code: string; papers: Record<string, [string, string[], string[]]> };
    for (const paper of Object.values(derived.papers)) paper[1] = ['mixture-of-experts'];
    writeFileSync(derivedFile, JSON.stringify({ ...derived, code: 'an older version' }));
    addNext(root);
    const report = await expectSameAsFull(root);
    expect(report.fullReason).toBe('the cache is from another version of Daybook');
  }, 120_000);

  it('a day older than the newest (a backfill)', async () => {
    const root = await oneDayBehind();
    // A day before the first, with papers of the last.
    cpSync(join(generated, 'digests', next()), join(root, 'digests', '2025-01-01.json'));
    const report = await expectSameAsFull(root);
    expect(report.fullReason).toMatch(/^digests\/2025-01-01\.json is not later than the newest day converted/);
  }, 120_000);

  it('a hand-edited entry: its manual block is applied', async () => {
    const root = await oneDayBehind();
    const path = join(root, 'papers', readdirSync(join(root, 'papers')).sort()[0]!);
    writeFileSync(path, readFileSync(path, 'utf8').replace('\n---\n', '\nmanual:\n  title: "A corrected title"\n---\n'));
    addNext(root);
    const report = await expectSameAsFull(root);
    expect(report.fullReason).toMatch(/^papers\/.+\.md was edited$/);
    expect(readFileSync(path, 'utf8')).toContain('title: "A corrected title"');
  }, 120_000);

  it('a day entry edited, or a file in days/ the earlier run did not write: the full path, naming the file', async () => {
    const edited = await oneDayBehind();
    const day = readdirSync(join(edited, 'days')).sort()[0]!;
    writeFileSync(join(edited, 'days', day), readFileSync(join(edited, 'days', day), 'utf8').replace('"date"', ' "date"'));
    addNext(edited);
    expect((await expectSameAsFull(edited)).fullReason).toBe(`days/${day} changed`);

    const stray = await oneDayBehind();
    writeFileSync(join(stray, 'days', 'notes.json'), '{}\n');
    addNext(stray);
    expect((await expectSameAsFull(stray)).fullReason).toBe('days/notes.json was not written by the earlier run');
  }, 240_000);

  it('files only touched (as by a fresh checkout) still allow an update', async () => {
    const root = await oneDayBehind();
    const later = new Date(Date.now() + 60_000);
    for (const dir of ['digests', 'papers', 'days']) for (const name of readdirSync(join(root, dir))) utimesSync(join(root, dir, name), later, later);
    utimesSync(join(root, 'slugs.tsv'), later, later);
    const idle = await run(root);
    expect(idle.fullReason).toBeUndefined();
    expect(idle).toMatchObject({ path: 'update', written: 0 });
    addNext(root);
    const report = await expectSameAsFull(root);
    expect(report.path, report.fullReason).toBe('update');
  }, 120_000);

  it('an ingest stopped while it commits leaves no paper index; the next one writes it', async () => {
    for (const point of COMMIT_POINTS) {
      const root = await oneDayBehind();
      addNext(root);
      const stop = async (at: string) => {
        if (at === point) throw new Error(`stopped at ${point}`);
      };
      await expect(ingest({ contentDir: root, cacheDir: cacheOf(root), checkpoint: stop })).rejects.toThrow(`stopped at ${point}`);
      expect(readPaperIndex(cacheOf(root), root), point).toBeUndefined();
      await expectSameAsFull(root);
    }
  }, 300_000);

  it('an index of content another ingest has changed since is not current', async () => {
    const root = await oneDayBehind();
    addNext(root);
    // The same content, converted with another cache folder: this cache's index describes the day before.
    await ingest({ contentDir: root, cacheDir: join(TMP, `other-cache-${copies++}`) });
    expect(readPaperIndex(cacheOf(root), root)?.current).toBe(false);
    await expectSameAsFull(root);
  }, 120_000);

  it('a broken new digest stops an update with the message a full run gives, and changes nothing', async () => {
    const root = await oneDayBehind();
    writeFileSync(join(root, 'digests', next()), '[\n  {\n    "paper": {\n');
    const reference = copy(root, false);
    const before = output(root);
    const [error, fullError] = await Promise.all([run(root).catch((e: Error) => e), run(reference).catch((e: Error) => e)]);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.replace(root, '<root>')).toBe((fullError as Error).message.replace(reference, '<root>'));
    expect(differences(output(root), before)).toBe('');
  }, 120_000);
});
