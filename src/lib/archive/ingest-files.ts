/**
 * The files an ingest keeps in the content root while it writes it: its lock
 * (scripts/lib/lock.ts) and its journal (scripts/lib/transaction.ts). The build reads them
 * too (src/integrations/ingest-guard.ts), so they are named here, below both.
 */
import { join } from 'node:path';

/** Held by the running ingest: a folder proper-lockfile makes, whose time its holder keeps fresh. */
export const INGEST_LOCK = '.ingest.lock';

/**
 * proper-lockfile's options for the lock of content root `root`, the same for the ingest that
 * takes it and the build that checks it: a lock whose time is older than `stale` is a dead run's.
 * (`root` is only the key proper-lockfile files the lock under: the lock is `lockfilePath`.)
 */
export function ingestLockOptions(root: string) {
  // Why 5 s: a killed ingest holds up the next run or build that long at most, and its holder (a thread nothing blocks) refreshes it every second.
  return { lockfilePath: join(root, INGEST_LOCK), realpath: false, stale: 5000 };
}

/** Present from the moment an ingest's changes are committed until the last of them is in place. */
export const INGEST_JOURNAL = '.ingest-journal.json';
