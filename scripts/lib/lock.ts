import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK = '.ingest.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Holds `content/.ingest.lock` while `work` runs, so two ingests never write the
 * archive at once. Waits for a running ingest (up to `waitMs`); takes over the lock
 * of a process that died holding it.
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
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (!holder || !isAlive(holder)) {
        await unlink(path).catch(() => {});
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${path}: another ingest (pid ${holder}) is still running`);
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}
