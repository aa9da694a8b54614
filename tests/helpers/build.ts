/** Building a content root of a test's own, the way the maintainer does. */
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnv } from '../setup/build-site.ts';

export interface BuildPlaces {
  /** Content root (`DAYBOOK_CONTENT`). */
  content: string;
  /** Output directory, inside the project (`DAYBOOK_OUT`). */
  out: string;
  /** Astro's cache: its content store and incremental pages (`DAYBOOK_CACHE`). */
  astroCache: string;
  /** The social-card cache (`DAYBOOK_CARD_CACHE`). */
  cardCache: string;
  /** Where the build's output goes. */
  logFile: string;
}

/** `npm run build` (ingest, then Astro) at the site root, with `env` besides; returns its output without colours. Throws if it fails. */
export function buildSite({ content, out, astroCache, cardCache, logFile }: BuildPlaces, env: NodeJS.ProcessEnv = {}): string {
  const log = openSync(logFile, 'w');
  try {
    execFileSync('npm', ['run', '--silent', 'build'], {
      stdio: ['ignore', log, log],
      env: {
        ...buildEnv(),
        DAYBOOK_CONTENT: content,
        DAYBOOK_OUT: out,
        DAYBOOK_CACHE: astroCache,
        DAYBOOK_CARD_CACHE: cardCache,
        DAYBOOK_BASE: '/',
        ASTRO_TELEMETRY_DISABLED: '1',
        ...env,
      },
    });
  } finally {
    closeSync(log);
  }
  // Astro colours its log under CI (escape codes even inside a route's line).
  return readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
}

/** A fresh content root with the bundled taxonomy and pages and one real text digest (2026-08-05); a test adds its own digests. */
export function seedContent(content: string): void {
  rmSync(content, { recursive: true, force: true });
  mkdirSync(join(content, 'digests'), { recursive: true });
  cpSync('content/topics', join(content, 'topics'), { recursive: true });
  cpSync('content/pages', join(content, 'pages'), { recursive: true });
  cpSync('tests/fixtures/digests/real/2026-08-05.txt', join(content, 'digests/2026-08-05.txt'));
}
