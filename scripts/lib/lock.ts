import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { LockOptions } from '../../src/lib/archive/ingest-files.ts';
import { ingestLockOptions } from '../../src/lib/archive/ingest-files.ts';

export interface Lock {
  /** What proper-lockfile files the lock under (the lock itself is `options.lockfilePath`). */
  key: string;
  options: LockOptions;
  /** The run it keeps to one at a time, for messages: "ingest", "build". */
  what: string;
  /** How long to wait for the run holding it before giving up with a message. */
  waitMs: number;
  /** Told once when the lock is held by another run and this one starts waiting. */
  onWait?: (() => void) | undefined;
}

/**
 * Holds a proper-lockfile lock while `work` runs, so two runs never write the same files at once.
 * Waits for a running one (up to `waitMs`); takes over the lock of a process that died holding it
 * (a run killed with SIGKILL leaves it behind) once it is stale.
 *
 * proper-lockfile keeps a lock fresh with a timer, which a busy event loop holds up: an ingest's
 * plan runs synchronously for 12 s at 10,000 paper-days (minutes at 150,000), long enough for the
 * next run to take a live lock for a dead one. So a worker thread holds it (lock-holder.ts); the
 * thread dies with the process, and so does its lock's freshness.
 *
 * proper-lockfile takes over a stale lock by removing it and making it again: two runs that start
 * in the same instant after a killed one can both take it; the one whose lock is gone stops
 * itself within about a second (`onCompromised`), as if killed, and its journal is rolled forward
 * by the next run. A narrow window, which a rename aside would close and proper-lockfile leaves.
 */
export async function withLock<T>(lock: Lock, work: () => Promise<T>): Promise<T> {
  const { onWait, ...data } = lock;
  const holder = new Worker(new URL('./lock-holder.ts', import.meta.url), { workerData: data });
  // 'locked', or the holder's error: another run still going after `waitMs`, or one of the file system.
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      holder.off('message', onMessage).off('error', settle).off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (message: string) => {
      if (message === 'waiting') onWait?.();
      else settle();
    };
    const onExit = (code: number) => settle(new Error(`the thread holding the ${lock.what} lock stopped (exit code ${code}) before it took the lock`));
    holder.on('message', onMessage).on('error', settle).on('exit', onExit);
  });
  // From here no 'error' listener: a lock lost while `work` runs stops the process as a kill would.
  try {
    return await work();
  } finally {
    const exited = once(holder, 'exit');
    holder.postMessage('release');
    await exited;
  }
}

/** Holds `content/.ingest.lock` while `work` runs, so two ingests never write the archive at once. */
export function withIngestLock<T>(root: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  return withLock({ key: root, options: ingestLockOptions(root), what: 'ingest', waitMs }, work);
}
