import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INGEST_LOCK as LOCK, isAlive } from '../../src/lib/archive/ingest-files.ts';


async function holderOf(path: string): Promise<number> {
  return Number((await readFile(path, 'utf8').catch(() => '')).trim());
}

/**
 * Removes the lock of a dead holder. The lock is first moved aside by an atomic rename, so of
 * two runs finding the same stale lock only one takes it; if what was moved turns out to be a
 * live lock (taken between our read and our rename), it is put back.
 */
async function breakStaleLock(path: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved or removed it first
  }
  const holder = await holderOf(aside);
  if (holder && holder !== process.pid && isAlive(holder)) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

/**
 * Holds `content/.ingest.lock` while `work` runs, so two ingests never write the
 * archive at once. Waits for a running ingest (up to `waitMs`); takes over the lock
 * of a process that died holding it (a run killed with SIGKILL leaves its lock behind).
 */
export async function withIngestLock<T>(root: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const path = join(root, LOCK);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await holderOf(path);
      if (!holder || holder === process.pid || !isAlive(holder)) {
        // An empty lock may be one being written right now: give its writer a moment.
        if (!holder) await sleep(50);
        if (!holder && (await holderOf(path))) continue;
        await breakStaleLock(path);
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${path}: another ingest (pid ${holder}) is still running; wait for it, or delete this file if that process is not an ingest`);
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}
