/**
 * The files an ingest keeps in the content root while it writes it: its lock
 * (scripts/lib/lock.ts) and its journal (scripts/lib/transaction.ts). The build reads them
 * too (src/integrations/ingest-guard.ts), so they are named here, below both. So is the lock of
 * a whole `npm run build` (scripts/build.ts), which the guard checks as well.
 */
import { join } from 'node:path';

/** Held by the running ingest: a folder proper-lockfile makes, whose time its holder keeps fresh. */
export const INGEST_LOCK = '.ingest.lock';

/** proper-lockfile's options for a lock a worker thread refreshes every second (scripts/lib/lock-holder.ts). */
export interface LockOptions {
  lockfilePath: string;
  realpath: false;
  stale: number;
}

/**
 * proper-lockfile's options for the lock of content root `root`, the same for the ingest that
 * takes it and the build that checks it: a lock whose time is older than `stale` is a dead run's.
 * (`root` is only the key proper-lockfile files the lock under: the lock is `lockfilePath`.)
 */
export function ingestLockOptions(root: string): LockOptions {
  // Why 5 s: a killed ingest holds up the next run or build that long at most, and its holder (a thread nothing blocks) refreshes it every second.
  return { lockfilePath: join(root, INGEST_LOCK), realpath: false, stale: 5000 };
}

/**
 * The lock of `npm run build` into output folder `outDir`, held from its ingest to Astro's last
 * hook: `<outDir>.build-lock`, beside the output (which the build may empty) rather than in it.
 */
export function buildLockOptions(outDir: string): LockOptions {
  return { lockfilePath: `${outDir.replace(/[/\\]+$/, '')}.build-lock`, realpath: false, stale: 5000 };
}

/** Set by `npm run build` for the `astro build` it runs under its lock (the guard lets that one through). */
export const BUILD_LOCK_HELD = 'DAYBOOK_BUILD_LOCK_HELD';

/**
 * The exit code of an `astro build` run (scripts/lib/astro-build.ts) that rendered the most paper
 * pages one run may (src/catalog/loader.ts) and left others for the next: `npm run build` runs again.
 */
export const BUILD_AGAIN_EXIT_CODE = 75;

/** Present from the moment an ingest's changes are committed until the last of them is in place. */
export const INGEST_JOURNAL = '.ingest-journal.json';
