/**
 * The files an ingest keeps in the content root while it writes it: its lock
 * (scripts/lib/lock.ts) and its journal (scripts/lib/transaction.ts). The build reads them
 * too (src/integrations/ingest-guard.ts), so they are named here, below both.
 */

/** Held by the running ingest: its process id. */
export const INGEST_LOCK = '.ingest.lock';

/** Present from the moment an ingest's changes are committed until the last of them is in place. */
export const INGEST_JOURNAL = '.ingest-journal.json';

/** Whether a process with this id is running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
