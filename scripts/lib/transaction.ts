/**
 * All-or-nothing writes into `content/`. New files are staged and fsynced first,
 * then a journal naming every change is committed with one atomic rename, then the
 * changes are applied by renames. A run killed before the journal lands changes
 * nothing; one killed after it is rolled forward by the next run (`recover`), so
 * the archive is only ever the old state or the new one, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface ContentChanges {
  /** Paths relative to the root, with their new text. */
  writes: Map<string, string>;
  /** Paths relative to the root to remove. */
  deletes: string[];
}

interface Journal {
  staging: string;
  writes: { path: string; staged: string }[];
  deletes: string[];
}

const JOURNAL = '.ingest-journal.json';

async function writeDurably(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
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

async function applyJournal(root: string, journal: Journal): Promise<void> {
  for (const { path, staged } of journal.writes) {
    const source = join(root, staged);
    // Already moved by an earlier, interrupted attempt.
    if (!existsSync(source)) continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await rename(source, join(root, path));
  }
  for (const path of journal.deletes) await rm(join(root, path), { force: true });
  await unlink(join(root, JOURNAL));
  await rm(join(root, journal.staging), { recursive: true, force: true });
}

/**
 * Finishes a run that was killed after committing its journal, and clears staging
 * left by one killed before. Returns whether anything was rolled forward.
 */
export async function recover(root: string): Promise<boolean> {
  const journalPath = join(root, JOURNAL);
  let rolledForward = false;
  if (existsSync(journalPath)) {
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
    await applyJournal(root, journal);
    rolledForward = true;
  }
  for (const name of await readdir(root)) {
    if (name.startsWith('.ingest-staging-')) await rm(join(root, name), { recursive: true, force: true });
  }
  return rolledForward;
}

/** Applies `changes` under `root` atomically (see the module comment). */
export async function commit(root: string, changes: ContentChanges): Promise<void> {
  if (changes.writes.size === 0 && changes.deletes.length === 0) return;
  const staging = `.ingest-staging-${randomBytes(6).toString('hex')}`;
  const journal: Journal = { staging, writes: [], deletes: changes.deletes };
  let n = 0;
  for (const [path, text] of changes.writes) {
    const staged = join(staging, String(n++));
    await writeDurably(join(root, staged), text);
    journal.writes.push({ path, staged });
  }
  await syncDirectory(join(root, staging));
  const pending = join(root, `${JOURNAL}.tmp`);
  await writeDurably(pending, JSON.stringify(journal));
  await rename(pending, join(root, JOURNAL));
  await syncDirectory(root);
  await applyJournal(root, journal);
}
