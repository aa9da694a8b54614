/**
 * Keeps `astro build` from reading a content root that an ingest is still writing.
 *
 * An ingest commits its changes with a journal (scripts/lib/transaction.ts). Between the journal
 * landing and its last rename, `content/` holds some old and some new entries; the next ingest
 * finishes the job. `npm run build` always ingests first, but a bare `astro build` would not:
 * this integration stops it with a message instead, so no build ever sees half an ingest. Nor does
 * it let a bare `astro build` into an output that an `npm run build` holds (scripts/build.ts).
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { fileURLToPath } from 'node:url';
import { BUILD_LOCK_HELD, INGEST_JOURNAL as JOURNAL, buildLockOptions, ingestLockOptions } from '../lib/archive/ingest-files.ts';

/** Why a build must not read `contentDir` now, or undefined when it may. */
export function ingestInProgress(contentDir: string): string | undefined {
  const journal = join(contentDir, JOURNAL);
  if (existsSync(journal)) {
    return `${journal}: an interrupted ingest has not been finished; run \`npm run ingest\` (or \`npm run build\`) to complete it before building`;
  }
  // A lock no longer kept fresh (a killed ingest's) is stale: it does not count.
  const lock = ingestLockOptions(contentDir);
  if (lockfile.checkSync(contentDir, lock)) {
    return `${lock.lockfilePath}: an ingest is writing this content folder; build when it has finished`;
  }
  return undefined;
}

/** Why a bare `astro build` must not write `outDir` now (an `npm run build` is writing it), or undefined. */
export function buildInProgress(outDir: string): string | undefined {
  if (process.env[BUILD_LOCK_HELD]) return undefined;
  const lock = buildLockOptions(outDir);
  return lockfile.checkSync(outDir, lock) ? `${lock.lockfilePath}: \`npm run build\` is writing ${outDir}; build when it has finished` : undefined;
}

export default function ingestGuard(contentDir: string): AstroIntegration {
  return {
    name: 'daybook:ingest-guard',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        const reason = ingestInProgress(contentDir) ?? buildInProgress(fileURLToPath(config.outDir).replace(/\/$/, ''));
        if (reason) throw new Error(reason);
      },
    },
  };
}
