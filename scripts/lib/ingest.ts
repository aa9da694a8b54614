import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { planArchive, REGISTRY_PATH } from '../../src/lib/archive/plan.ts';
import type { EntryKeys, Plan, Progress } from '../../src/lib/archive/plan.ts';
import { readManualOverrides, readPaperFrontmatter } from '../../src/lib/archive/entries.ts';
import { entryHashOf, paperRecord } from '../../src/lib/archive/paper-record.ts';
import type { PaperIndex } from '../../src/catalog/paper-index.ts';
import { dropPaperIndex, paperIndexIsCurrent, readPaperIndex, writePaperIndex } from '../../src/catalog/paper-index.ts';
import { ingestCacheDir } from '../../src/content-root.ts';
import { parseRegistry } from '../../src/lib/archive/registry.ts';
import { planUpdate } from '../../src/lib/archive/update.ts';
import { checkDigestDate, dateFromFileName, findDuplicateDates, readDigest } from '../../src/lib/digest/index.ts';
import type { DayResolution } from '../../src/lib/resolve/record.ts';
import { applyResolution, parseResolution, RESOLVED_DIR } from '../../src/lib/resolve/record.ts';
import type { Digest, InputWarning } from '../../src/lib/digest/types.ts';
import type { ManualOverrides } from '../../src/lib/schema.ts';
import { createDeriver, createUpdateDeriver, parseTaxonomy, readTopicFiles } from './derive.ts';
import type { TopicFiles } from './derive.ts';
import { withIngestLock } from './lock.ts';
import { CacheMiss, codeKey, dropSnapshot, filesIn, openSnapshot, previousEntries, saveFullSnapshot, saveUpdate, sha1 } from './snapshot.ts';
import type { Snapshot, Stamp } from './snapshot.ts';
import type { Checkpoint } from './transaction.ts';
import { commit, recover } from './transaction.ts';

export interface IngestOptions {
  contentDir: string;
  /** Derived data kept between runs (related-paper index); default `.cache/daybook` beside `contentDir`. */
  cacheDir?: string | undefined;
  /** Hears how far long stages have come; `note` lines say what the run is doing. */
  progress?: Progress | undefined;
  note?: ((line: string) => void) | undefined;
  /** Awaited at each point of the commit (scripts/lib/transaction.ts). */
  checkpoint?: Checkpoint | undefined;
}

export interface IngestReport extends Omit<Plan, 'files'> {
  /** Seconds spent in each stage. */
  timings: Record<string, number>;
  written: number;
  deleted: number;
  unchanged: number;
  /**
   * `update`: the new days were added to the archive the previous run left (src/lib/archive/update.ts);
   * `full`: every digest was converted, for `fullReason`.
   */
  path: 'update' | 'full';
  fullReason?: string | undefined;
  /** Paper entries built (formatted or patched) rather than found unchanged. */
  formatted: number;
}

/** Folders of generated entries: every file in them is ingest's to write or remove. */
const GENERATED_DIRS = ['papers', 'days'];

/**
 * Digest file names, sorted; a name that is not a date in the range a digest may carry, or two
 * digests for one date, stop the run before anything is read.
 */
function digestNames(digestDir: string): string[] {
  const names = readdirSync(digestDir).filter((n) => !n.startsWith('.')).sort();
  const now = new Date();
  for (const name of names) checkDigestDate(join(digestDir, name), dateFromFileName(join(digestDir, name)), now);
  const [duplicate] = findDuplicateDates(names.map((name) => join(digestDir, name)));
  if (duplicate) throw duplicate;
  return names;
}

/**
 * Reads digests in name order, each with what `npm run resolve` found for its title-only papers
 * (`content/resolved/<date>.json`, merged as if the digest had given it); the first bad file stops
 * the run before anything is written. Also stamps each file (size, time, hash) for the snapshot.
 */
async function readDigests(
  contentDir: string,
  names: readonly string[],
  progress?: Progress,
): Promise<{ digests: Digest[]; stamps: Record<string, Stamp> }> {
  const digests: Digest[] = [];
  const stamps: Record<string, Stamp> = {};
  for (const [i, name] of names.entries()) {
    const file = join(contentDir, 'digests', name);
    const date = dateFromFileName(file);
    const { mtimeMs } = statSync(file);
    const bytes = await readFile(file);
    stamps[`digests/${name}`] = [bytes.length, mtimeMs, sha1(bytes)];
    const resolutionFile = join(contentDir, RESOLVED_DIR, `${date}.json`);
    let resolution: DayResolution | undefined;
    if (existsSync(resolutionFile)) {
      const text = await readFile(resolutionFile);
      resolution = parseResolution(resolutionFile, text.toString('utf8'));
      stamps[`${RESOLVED_DIR}/${date}.json`] = [text.length, statSync(resolutionFile).mtimeMs, sha1(text)];
    }
    digests.push(applyResolution(readDigest(file, bytes, date), resolution));
    if (progress && ((i + 1) % 50 === 0 || i + 1 === names.length)) progress('reading digests', i + 1, names.length);
  }
  return { digests, stamps };
}

/**
 * Every existing generated entry, by path relative to `content/`. Read synchronously: tens of
 * thousands of small files, one awaited read after another, took 20 s at 75,000 papers.
 */
function readGenerated(contentDir: string): Map<string, string> {
  const existing = new Map<string, string>();
  for (const dir of GENERATED_DIRS) {
    const path = join(contentDir, dir);
    if (!existsSync(path)) continue;
    for (const name of readdirSync(path)) {
      existing.set(`${dir}/${name}`, readFileSync(join(path, name), 'utf8'));
    }
  }
  return existing;
}

function manualBlocks(existing: Map<string, string>, contentDir: string): Map<string, ManualOverrides> {
  const manual = new Map<string, ManualOverrides>();
  for (const [path, text] of existing) {
    const match = /^papers\/(.+)\.md$/.exec(path);
    if (!match?.[1]) continue;
    const overrides = readManualOverrides(text, join(contentDir, path));
    if (overrides) manual.set(match[1], overrides);
  }
  return manual;
}

/** Converts all digests and commits the changed entries atomically. */
export function ingest(options: IngestOptions): Promise<IngestReport> {
  return withIngestLock(options.contentDir, () => ingestLocked(options));
}

interface Run {
  contentDir: string;
  cacheDir: string;
  digestDir: string;
  names: string[];
  topics: TopicFiles | undefined;
  timings: Record<string, number>;
  timed: <T>(stage: string, work: () => T | Promise<T>) => Promise<T>;
  progress: Progress | undefined;
  checkpoint: Checkpoint | undefined;
}

async function ingestLocked(options: IngestOptions): Promise<IngestReport> {
  const { contentDir } = options;
  const cacheDir = options.cacheDir ?? ingestCacheDir(contentDir);
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[stage] = Math.round(performance.now() - start) / 1000 + (timings[stage] ?? 0);
    return result;
  };

  await recover(contentDir, options.checkpoint);
  const digestDir = join(contentDir, 'digests');
  const run: Run = { contentDir, cacheDir, digestDir, names: digestNames(digestDir), topics: undefined, timings, timed, progress: options.progress, checkpoint: options.checkpoint };
  // Read (not parsed) here for their hash: a malformed topic is reported where a full run reports it.
  run.topics = await readTopicFiles(contentDir).catch(() => undefined);
  // A resolution file is read with its day's digest: one of a day without a digest (left by a digest
  // removed or renamed) is read by no run, so it is no input of the archive, and the report says so.
  const dates = new Set(run.names.map((name) => name.slice(0, 10)));
  const resolutionFiles = filesIn(contentDir, RESOLVED_DIR, (name) => name.endsWith('.json'));
  const hasDigest = (path: string) => dates.has(basename(path).slice(0, 10));
  const [resolved, unread] = [resolutionFiles.filter(hasDigest), resolutionFiles.filter((path) => !hasDigest(path))];
  const snapshot = await timed('check cache', () => {
    if (!run.topics) return 'the topics could not be read';
    try {
      return openSnapshot({ contentDir, cacheDir, taxonomyHash: run.topics.hash, inputs: [...run.names.map((name) => `digests/${name}`), ...resolved] });
    } catch (error) {
      return `the cache could not be checked (${(error as Error).message})`;
    }
  });
  // A cache file found unusable while the update reads it is a cache miss: the full path follows, and says why.
  const reason = typeof snapshot === 'string' ? snapshot : await update(run, snapshot).catch(cacheMissReason);
  let report: IngestReport;
  if (typeof reason !== 'string') report = reason;
  else {
    options.note?.(`converting every digest: ${reason}`);
    report = await full(run, reason);
  }
  for (const path of unread) report.warnings.push({ file: join(contentDir, path), message: `not read: there is no digest of ${basename(path).slice(0, 10)} in digests/` });
  return report;
}

/** Why the update could not go on, for a cache file it could not use; any other error is the run's. */
function cacheMissReason(error: unknown): string {
  if (error instanceof CacheMiss) return error.message;
  throw error;
}

/**
 * Saves the caches once the entries are committed. A cache that cannot be saved only costs
 * time (a warning, not a failure: content/ has changed), but it must not be left half written:
 * without a snapshot the next run converts everything.
 */
async function saveOrDrop(cacheDir: string, save: () => void | Promise<void>, warnings: InputWarning[]): Promise<void> {
  try {
    await save();
  } catch (error) {
    dropSnapshot(cacheDir);
    warnings.push({ file: cacheDir, message: `the cache was not saved (${(error as Error).message}); the next run converts every digest` });
  }
}

/** Adds the new digests to the previous run's archive; a string is why it cannot (then `full` runs). */
async function update(run: Run, snapshot: Snapshot): Promise<IngestReport | string> {
  const { contentDir, timed, timings } = run;
  const { digests, stamps } = await timed('read digests', () => readDigests(contentDir, snapshot.newDigests));
  const deriver = createUpdateDeriver({ contentDir, cacheDir: run.cacheDir, snapshot, taxonomy: parseTaxonomy(run.topics!), timings });
  const plan = await timed('plan', () => planUpdate(snapshot, digests, deriver.derive));
  if (typeof plan === 'string') return plan;

  const writes = new Map<string, string>();
  for (const [path, text] of plan.files) {
    const file = join(contentDir, path);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writes.set(path, text);
  }
  const registrySize = statSync(join(contentDir, REGISTRY_PATH)).size;
  const appends = plan.registryAppend === '' ? undefined : new Map([[REGISTRY_PATH, { at: registrySize, text: plan.registryAppend }]]);
  // The snapshot vouches that every entry is as the last run left it, and the index describes that (or is gone).
  const reindex = writes.size > 0 || appends !== undefined || !paperIndexIsCurrent(run.cacheDir, contentDir);
  const index = reindex ? readPaperIndex(run.cacheDir, contentDir) : undefined;
  if (reindex) dropPaperIndex(run.cacheDir);
  await timed('commit', () => commit(contentDir, { writes, appends, deletes: [] }, { checkpoint: run.checkpoint }));
  if (reindex) await timed('paper index', () => savePaperIndex(run, [...snapshot.slugs, ...plan.state.added.map((paper) => paper.slug)], plan.files, index));
  const warnings = [...plan.warnings];
  const changed = writes.size > 0 || appends !== undefined || Object.keys(stamps).length > 0;
  const { touched } = snapshot;
  if (changed || touched.entries.size > 0 || Object.keys(touched.files).length > 0) {
    await timed('save cache', () =>
      saveOrDrop(run.cacheDir, () => saveUpdate({ contentDir, snapshot, plan, inputs: stamps, related: () => deriver.save() ?? snapshot.related }), warnings),
    );
  }
  timings['incremental'] = 1;
  const { files: _files, registryAppend: _append, state: _state, ...summary } = plan;
  const written = writes.size + (appends ? 1 : 0);
  // Every generated file: one per paper and per day, and the registry.
  const total = plan.papers + plan.days + 1;
  return { ...summary, warnings, timings, written, deleted: 0, unchanged: total - written, path: 'update', formatted: plan.state.rewritten.size };
}

/** Converts every digest (the reference: an update gives the same bytes). */
async function full(run: Run, reason: string): Promise<IngestReport> {
  const { contentDir, cacheDir, timed, timings, progress } = run;
  const { digests, stamps } = await timed('read digests', () => readDigests(contentDir, run.names, progress));
  const registryPath = join(contentDir, REGISTRY_PATH);
  const registryText = existsSync(registryPath) ? await readFile(registryPath, 'utf8') : undefined;
  const registry = registryText === undefined ? [] : parseRegistry(registryText, registryPath);
  const existing = await timed('read entries', () => readGenerated(contentDir));
  const derive = await createDeriver({ contentDir, cacheDir, timings, progress });
  // Entries still as the previous run wrote them, from the same inputs, need no formatting.
  const previous = previousEntries(cacheDir);
  const written = (slug: string, keys: EntryKeys) => {
    const record = previous.get(slug);
    if (record?.base !== keys.base || record.related !== keys.related) return undefined;
    const text = existing.get(`papers/${slug}.md`);
    return text !== undefined && sha1(text).slice(0, 32) === record.hash ? text : undefined;
  };
  const plan = await timed('plan', () => planArchive({ digests, registry, manual: manualBlocks(existing, contentDir), derive, progress, written }));

  const writes = new Map<string, string>();
  let appends: Map<string, { at: number; text: string }> | undefined;
  let unchanged = 0;
  for (const [path, text] of plan.files) {
    const before = path === REGISTRY_PATH ? registryText : existing.get(path);
    if (before === text) unchanged++;
    // The registry only grows: what it gains is appended (see transaction.ts).
    else if (path === REGISTRY_PATH && before !== undefined && text.startsWith(before)) appends = new Map([[path, { at: Buffer.byteLength(before), text: text.slice(before.length) }]]);
    else writes.set(path, text);
  }
  const deletes = [...existing.keys()].filter((path) => !plan.files.has(path));
  const index = readPaperIndex(cacheDir, contentDir);
  dropPaperIndex(cacheDir);
  await timed('commit', () => commit(contentDir, { writes, appends, deletes }, { onProgress: progress ? (done, total) => progress('writing entries', done, total) : undefined, checkpoint: run.checkpoint }));
  await timed('paper index', () => savePaperIndex(run, plan.state.slugs, plan.files, index));
  const warnings = [...plan.warnings];
  await timed('save cache', () =>
    saveOrDrop(
      cacheDir,
      async () => {
        dropSnapshot(cacheDir);
        const related = await derive.saveCache();
        const phrases = derive.phrases();
        if (related === undefined || phrases === undefined || !run.topics) return;
        saveFullSnapshot({ contentDir, cacheDir, state: plan.state, files: plan.files, inputs: stamps, taxonomyHash: run.topics.hash, related, phrases });
      },
      warnings,
    ),
  );
  timings['incremental'] = 0;
  const { files: _files, state: _state, ...summary } = plan;
  return { ...summary, warnings, timings, written: writes.size + (appends ? 1 : 0), deleted: deletes.length, unchanged, path: 'full', fullReason: reason, formatted: plan.state.formatted };
}

/**
 * Writes the paper index (src/catalog/paper-index.ts) of the entries as committed. A record of
 * the `previous` index, if the same code made it, is kept for an entry this run did not write
 * (the snapshot checked it is as the last run left it) and for one it wrote with the same text;
 * the others are made from the text written, else from the entry's file.
 */
function savePaperIndex(run: Run, slugs: readonly string[], files: ReadonlyMap<string, string>, previous: PaperIndex | undefined): void {
  const code = codeKey();
  const known = new Map(previous?.code === code ? previous.records.map((record) => [record.id, record]) : []);
  const records = [...slugs].sort().map((slug) => {
    const path = `papers/${slug}.md`;
    const written = files.get(path);
    const kept = known.get(slug);
    if (kept && written === undefined) return kept;
    const text = written ?? readFileSync(join(run.contentDir, path), 'utf8');
    if (kept && entryHashOf(text) === kept.entryHash) return kept;
    const data = readPaperFrontmatter(text);
    if (!data) throw new Error(`${join(run.contentDir, path)}: the entry does not read as a paper entry`);
    return paperRecord(slug, text, data);
  });
  writePaperIndex(run.cacheDir, run.contentDir, code, records);
}
