/**
 * The worker thread that holds a lock for scripts/lib/lock.ts (the ingest's, or a whole build's):
 * takes it (waiting up to `waitMs` for the run holding it; a stale lock, a killed run's, is taken
 * over), says 'locked', and keeps it fresh until told to release it. Its event loop runs nothing
 * else, and proper-lockfile's sync API refreshes the lock with sync calls on this thread, so
 * neither the ingest's long synchronous stages nor its file operations queued in libuv's shared
 * pool can delay a refresh.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import lockfile from 'proper-lockfile';
import type { LockOptions } from '../../src/lib/archive/ingest-files.ts';

const { key, options, waitMs, what } = workerData as { key: string; options: LockOptions; waitMs: number; what: string };
const path = options.lockfilePath;

async function take(): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      return lockfile.lockSync(key, {
        ...options,
        // Why every second (proper-lockfile's minimum): the lock goes stale only after four refreshes in a row are missed.
        update: 1000,
        // Thrown here, it ends this thread, and the 'error' event then ends the run (see lock.ts).
        onCompromised: (error) => {
          throw new Error(`${path}: this ${what} lost its lock (${error.message}); stopped so that two never write at once`);
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() > deadline) {
        throw new Error(`${path}: another ${what} has been running for over ${(waitMs / 1000).toLocaleString('en')} s; run this one when it has finished`);
      }
      if (!told) parentPort!.postMessage('waiting');
      told = true;
      await sleep(200);
    }
  }
}

const release = await take();
parentPort!.postMessage('locked');
parentPort!.once('message', () => {
  release();
  parentPort!.close();
});
