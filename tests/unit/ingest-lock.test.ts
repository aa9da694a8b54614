/**
 * The ingest lock (scripts/lib/lock.ts) in one process: it stays held however long the ingest's
 * own thread is busy, a second ingest waits for it and then gives up naming the lock, and it is
 * gone once the work is done. Killed runs and their stale locks: tests/unit/bad-input.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { afterAll, describe, expect, it } from 'vitest';
import { withIngestLock, withLock } from '../../scripts/lib/lock.ts';
import { buildInProgress, ingestInProgress } from '../../src/integrations/ingest-guard.ts';
import { BUILD_LOCK_HELD, buildLockOptions, ingestLockOptions } from '../../src/lib/archive/ingest-files.ts';

const TMP = mkdtempSync(join(tmpdir(), 'daybook-lock-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const contentRoot = () => mkdtempSync(join(TMP, 'content-'));

/** Blocks this thread's event loop for `ms` without using the CPU, as a long synchronous stage does. */
const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('the ingest lock', () => {
  it('stays fresh while the ingest blocks its event loop for longer than `stale`', async () => {
    const root = contentRoot();
    const options = ingestLockOptions(root);
    await withIngestLock(root, async () => {
      blockFor(options.stale + 1500);
      expect(lockfile.checkSync(root, options)).toBe(true);
      expect(ingestInProgress(root)).toMatch(/an ingest is writing this content folder; build when it has finished/);
    });
    expect(existsSync(options.lockfilePath)).toBe(false);
    expect(ingestInProgress(root)).toBeUndefined();
  });

  it('a second ingest waits for the first, and gives up after waitMs naming the lock', async () => {
    const root = contentRoot();
    const { lockfilePath } = ingestLockOptions(root);
    const order: string[] = [];
    let second: Promise<void> | undefined;
    await withIngestLock(root, async () => {
      order.push('first');
      second = withIngestLock(root, async () => void order.push('second'));
      await expect(withIngestLock(root, async () => void order.push('third'), 500)).rejects.toThrow(`${lockfilePath}: another ingest has been running`);
      order.push('first done');
    });
    await second;
    expect(order).toEqual(['first', 'first done', 'second']);
    expect(existsSync(lockfilePath)).toBe(false);
  });

  it('a bare `astro build` refuses an output that an `npm run build` holds; the build that holds it goes on', async () => {
    const out = join(contentRoot(), 'dist');
    const options = buildLockOptions(out);
    expect(options.lockfilePath).toBe(`${out}.build-lock`);
    await withLock({ key: out, options, what: 'build', waitMs: 0 }, async () => {
      expect(buildInProgress(out)).toBe(`${out}.build-lock: \`npm run build\` is writing ${out}; build when it has finished`);
      process.env[BUILD_LOCK_HELD] = '1';
      try {
        expect(buildInProgress(out)).toBeUndefined();
      } finally {
        delete process.env[BUILD_LOCK_HELD];
      }
    });
    expect(buildInProgress(out)).toBeUndefined();
  });
});
