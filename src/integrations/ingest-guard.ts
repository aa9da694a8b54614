/**
 * Keeps `astro build` from reading a content root that an ingest is still writing.
 *
 * An ingest commits its changes with a journal (scripts/lib/transaction.ts). Between the journal
 * landing and its last rename, `content/` holds some old and some new entries; the next ingest
 * finishes the job. `npm run build` always ingests first, but a bare `astro build` would not:
 * this integration stops it with a message instead, so no build ever sees half an ingest.
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { INGEST_JOURNAL as JOURNAL, ingestLockOptions } from '../lib/archive/ingest-files.ts';

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

export default function ingestGuard(contentDir: string): AstroIntegration {
  return {
    name: 'daybook:ingest-guard',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command !== 'build') return;
        const reason = ingestInProgress(contentDir);
        if (reason) throw new Error(reason);
      },
    },
  };
}
