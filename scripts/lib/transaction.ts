/**
 * All-or-nothing writes into `content/`.
 *
 * 1. Every new file is written into a staging folder `content/.ingest-staging-<random>/`
 *    and fsynced (the folder too).
 * 2. A journal naming every change (staged file → target path, paths to delete) is written to
 *    `content/.ingest-journal.json.tmp`, fsynced, and committed by one atomic rename to
 *    `content/.ingest-journal.json`; `content/` is fsynced.
 * 3. The changes are applied by renames and deletes, the target folders are fsynced, then the
 *    journal and the staging folder are removed. A file that only grows (the registry, as large
 *    as the archive) is not staged whole: its staged part is appended after cutting the file back
 *    to the size it had when read, which a repeat after a kill does identically.
 *
 * A run that fails or is killed before step 2's rename has changed no entry: a failure removes
 * its staging at once, a kill leaves only the hidden staging folder (and perhaps the `.tmp`
 * journal), which no build reads and the next run deletes. From the rename on, the new archive
 * is decided: a run killed during step 3 leaves some entries old and some new, and the next
 * ingest (`recover`, the first thing every run does, before reading any digest) rolls the journal
 * forward, so the archive becomes exactly the new one. `npm run build` always ingests before
 * Astro reads `content/`, and the Astro build refuses to start while a journal is pending
 * (src/integrations/ingest-guard.ts), so no build ever sees the mix.
 *
 * A caller may pass a `Checkpoint`, awaited at each of these points: the kill tests stop the real
 * CLI there (scripts/ingest.ts) and kill it; the code path is the real one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { INGEST_JOURNAL as JOURNAL } from '../../src/lib/archive/ingest-files.ts';
import { withPath } from './errors.ts';

export interface ContentChanges {
  /** Paths relative to the root, with their new text. */
  writes: Map<string, string>;
  /**
   * Paths of files that only grow, with the size they have now and the text to add (the registry:
   * rewriting it whole would cost as much as the archive is large).
   */
  appends?: Map<string, { at: number; text: string }> | undefined;
  /** Paths relative to the root to remove. */
  deletes: string[];
}

interface Journal {
  staging: string;
  /** A write either replaces `path` with `staged`, or (`appendAt` given) cuts `path` to that size and adds `staged` to it. */
  writes: { path: string; staged: string; appendAt?: number }[];
  deletes: string[];
}

const JOURNAL_TMP = `${JOURNAL}.tmp`;
const STAGING_PREFIX = '.ingest-staging-';

/** Names under the content root that belong to a transaction in progress, never to the archive. */
export function isTransactionFile(name: string): boolean {
  return name === JOURNAL || name === JOURNAL_TMP || name.startsWith(STAGING_PREFIX);
}

/**
 * A failure while committing. `committed` tells whether the journal had landed: if not,
 * nothing in `content/` changed; if so, the next run finishes the change.
 */
export class CommitError extends Error {
  readonly committed: boolean;
  constructor(committed: boolean, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'CommitError';
    this.committed = committed;
  }
}

/** The points of a commit: halfway through staging, staged, journal committed, halfway through applying it. */
export const COMMIT_POINTS = ['staging', 'staged', 'journal', 'applying'] as const;
export type CommitPoint = (typeof COMMIT_POINTS)[number];
/** Awaited at each point of a commit. */
export type Checkpoint = (point: CommitPoint) => Promise<void>;
const noCheckpoint: Checkpoint = async () => {};

/** Files written or renamed at once: fsync waits on the disk, so many in flight keep it busy. */
const IN_FLIGHT = 32;

/**
 * Runs `work` over `items`, at most IN_FLIGHT at a time; halfway through (once the first half
 * is done, before the second starts) it awaits `halfway`.
 */
async function halvesInBatches<T>(items: readonly T[], halfway: () => Promise<void>, work: (item: T) => Promise<void>): Promise<void> {
  const middle = Math.floor(items.length / 2);
  for (const [half, [from, to]] of ([[0, middle], [middle, items.length]] as const).entries()) {
    if (half === 1 && items.length > 0) await halfway();
    for (let start = from; start < to; start += IN_FLIGHT) {
      await Promise.all(items.slice(start, Math.min(to, start + IN_FLIGHT)).map(work));
    }
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Cuts `target` back to `at` bytes and adds `source` to it, synced. Doing it again gives the same
 * file, so a run killed here is finished by the next one like a rename.
 */
async function appendDurably(source: string, target: string, at: number): Promise<void> {
  const text = await readFile(source);
  let handle: FileHandle | undefined;
  try {
    handle = await open(target, 'r+');
    const { size } = await handle.stat();
    if (size < at) throw new Error(`${target}: the file is shorter (${size} bytes) than when the ingest read it (${at}); restore content/ from version control and delete the journal`);
    await handle.truncate(at);
    await handle.write(text, 0, text.length, at);
    await handle.sync();
  } finally {
    await handle?.close();
  }
}

async function applyJournal(root: string, journal: Journal, checkpoint: Checkpoint): Promise<void> {
  const touched = new Set<string>([root]);
  for (const { path } of journal.writes) touched.add(dirname(join(root, path)));
  for (const dir of touched) await mkdir(dir, { recursive: true });
  await halvesInBatches(journal.writes, () => checkpoint('applying'), async ({ path, staged, appendAt }) => {
    const source = join(root, staged);
    const target = join(root, path);
    if (appendAt !== undefined) {
      if (!existsSync(source)) throw new Error(`${join(root, JOURNAL)}: the staged file ${staged} for ${path} is missing; restore content/ from version control and delete the journal`);
      await appendDurably(source, target, appendAt).catch((error: unknown) => {
        throw withPath(error, target);
      });
      return;
    }
    if (!existsSync(source)) {
      // Already moved by an earlier, interrupted attempt; anything else means staging was tampered with.
      if (existsSync(target)) return;
      throw new Error(`${join(root, JOURNAL)}: the staged file ${staged} for ${path} is missing; restore content/ from version control and delete the journal`);
    }
    await rename(source, target);
  });
  for (const path of journal.deletes) {
    await rm(join(root, path), { force: true });
    touched.add(dirname(join(root, path)));
  }
  // The renames must be on disk before the journal that would redo them is gone.
  for (const dir of touched) if (existsSync(dir)) await syncDirectory(dir);
  await unlink(join(root, JOURNAL));
  await rm(join(root, journal.staging), { recursive: true, force: true });
}

function readJournal(path: string, text: string): Journal {
  try {
    const journal = JSON.parse(text) as Journal;
    if (typeof journal.staging !== 'string' || !Array.isArray(journal.writes) || !Array.isArray(journal.deletes)) throw new Error('not a journal');
    return journal;
  } catch (error) {
    throw new Error(
      `${path}: the journal of an interrupted ingest cannot be read (${(error as Error).message}); ` +
        'restore content/ from version control and delete this file',
    );
  }
}

/**
 * Finishes a run that was killed after committing its journal, and clears staging
 * left by one killed before. Returns whether anything was rolled forward.
 */
export async function recover(root: string, checkpoint = noCheckpoint): Promise<boolean> {
  const journalPath = join(root, JOURNAL);
  let rolledForward = false;
  if (existsSync(journalPath)) {
    await applyJournal(root, readJournal(journalPath, await readFile(journalPath, 'utf8')), checkpoint);
    rolledForward = true;
  }
  for (const name of await readdir(root)) {
    if (name.startsWith(STAGING_PREFIX) || name === JOURNAL_TMP) await rm(join(root, name), { recursive: true, force: true });
  }
  return rolledForward;
}

/** Whether a committed journal is waiting to be rolled forward under `root`. */
export function hasPendingJournal(root: string): boolean {
  return existsSync(join(root, JOURNAL));
}

/**
 * Applies `changes` under `root` atomically (see the module comment). Throws CommitError;
 * when it is not `committed`, `content/` is exactly as before (staging already removed).
 */
export async function commit(
  root: string,
  changes: ContentChanges,
  { onProgress, checkpoint = noCheckpoint }: { onProgress?: ((done: number, total: number) => void) | undefined; checkpoint?: Checkpoint | undefined } = {},
): Promise<void> {
  const appends = changes.appends ?? new Map<string, { at: number; text: string }>();
  if (changes.writes.size === 0 && appends.size === 0 && changes.deletes.length === 0) return;
  const staging = `${STAGING_PREFIX}${randomBytes(6).toString('hex')}`;
  const journal: Journal = { staging, writes: [], deletes: changes.deletes };
  const pending = join(root, JOURNAL_TMP);
  let committed = false;
  try {
    journal.writes = [
      ...[...changes.writes.keys()].map((path, n) => ({ path, staged: join(staging, String(n)) })),
      ...[...appends].map(([path, { at }], n) => ({ path, staged: join(staging, `append-${n}`), appendAt: at })),
    ];
    const textOf = (path: string, appendAt: number | undefined) => (appendAt === undefined ? changes.writes.get(path)! : appends.get(path)!.text);
    await mkdir(join(root, staging), { recursive: true });
    let staged = 0;
    await halvesInBatches(journal.writes, () => checkpoint('staging'), async ({ path, staged: file, appendAt }) => {
      // Named by the entry it was for: the staged copy's own name says nothing to the maintainer.
      await writeDurably(join(root, file), textOf(path, appendAt)).catch((error: unknown) => {
        throw withPath(error, join(root, path));
      });
      if (++staged % 1000 === 0) onProgress?.(staged, journal.writes.length);
    });
    await syncDirectory(join(root, staging));
    await checkpoint('staged');
    await writeDurably(pending, JSON.stringify(journal)).catch((error: unknown) => {
      throw withPath(error, pending);
    });
    await rename(pending, join(root, JOURNAL));
    committed = true;
    await syncDirectory(root);
    await checkpoint('journal');
    await applyJournal(root, journal, checkpoint);
  } catch (error) {
    if (!committed) {
      await rm(join(root, staging), { recursive: true, force: true }).catch(() => {});
      await rm(pending, { force: true }).catch(() => {});
    }
    throw new CommitError(committed, error);
  }
}
