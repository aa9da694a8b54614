/**
 * `npm run ingest`: converts every digest in `content/digests/` into the content
 * entries Astro reads (`content/papers/`, `content/days/`, `content/slugs.tsv`).
 * All or nothing: bad input stops the run with a message naming file and line,
 * and `content/` is left exactly as it was.
 *
 * Exit codes: 0 done (warnings may have been printed), 1 the run failed (one `error:` line on
 * stderr, never a stack trace unless DAYBOOK_DEBUG=1), 2 wrong command-line options.
 *
 * Options: `--content <dir>` (default $DAYBOOK_CONTENT or `content`), `--cache <dir>` (default
 * `.cache/daybook` beside the content folder), `--quiet`, `--timings` (seconds per stage, as JSON).
 *
 * Unless `--quiet`, long stages print `ingest progress: …` lines on stderr every few seconds, and a
 * run that converts every digest (rather than adding the new days to the previous run's archive)
 * says why.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { InputError } from '../src/lib/digest/types.ts';
import { describeSystemError, namesAFile } from './lib/errors.ts';
import { ingest } from './lib/ingest.ts';
import { progressPrinter } from './lib/progress.ts';
import type { Checkpoint } from './lib/transaction.ts';
import { COMMIT_POINTS, CommitError } from './lib/transaction.ts';

const UNCHANGED = 'Nothing in content/ was changed.';

/** Thrown for problems found before any work starts; printed as they are. */
class UsageError extends Error {}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        content: { type: 'string', default: process.env['DAYBOOK_CONTENT'] ?? 'content' },
        cache: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        timings: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    console.error('usage: npm run ingest -- [--content <dir>] [--cache <dir>] [--quiet] [--timings]');
    process.exit(2);
  }
}

/** The content root must exist and hold at least one digest: an empty folder would remove every page. */
function checkContentDir(contentDir: string): void {
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) {
    throw new UsageError(`${contentDir}: no such content folder (set --content or DAYBOOK_CONTENT)`);
  }
  const digestDir = join(contentDir, 'digests');
  if (!existsSync(digestDir) || !statSync(digestDir).isDirectory()) {
    throw new UsageError(`${digestDir}: no digests folder; create it and save each day's digest there as YYYY-MM-DD.txt or .json`);
  }
  const names = readdirSync(digestDir).filter((name) => !name.startsWith('.'));
  if (names.length === 0) {
    throw new UsageError(`${digestDir}: no digests; refusing to ingest an empty folder, which would remove every page`);
  }
  for (const name of names.sort()) {
    if (!statSync(join(digestDir, name)).isFile()) {
      throw new UsageError(`${join(digestDir, name)}: is a folder, not a digest; move it out of ${digestDir}`);
    }
  }
}

interface Failure {
  message: string;
  /** Whether `content/` is known to be untouched. */
  unchanged: boolean;
  /** An error nobody anticipated: a bug, worth its stack trace. */
  unexpected: boolean;
}

function describe(error: unknown): Failure {
  if (error instanceof CommitError) {
    const cause = describe(error.cause);
    return error.committed
      ? {
          ...cause,
          unchanged: false,
          message: `${cause.message}\nThe new archive was committed but not fully written; fix the cause and run \`npm run ingest\` again to finish it.`,
        }
      : cause;
  }
  if (error instanceof InputError || (error as { isInputError?: boolean } | null)?.isInputError) {
    return { message: (error as Error).message, unchanged: true, unexpected: false };
  }
  if (error instanceof UsageError) return { message: error.message, unchanged: true, unexpected: false };
  if (error instanceof Error) {
    const system = describeSystemError(error as NodeJS.ErrnoException);
    if (system) return { message: system, unchanged: true, unexpected: false };
    if (namesAFile(error.message)) return { message: error.message, unchanged: true, unexpected: false };
    return { message: `unexpected failure: ${error.message}`, unchanged: true, unexpected: true };
  }
  return { message: `unexpected failure: ${String(error)}`, unchanged: true, unexpected: true };
}

/**
 * With `DAYBOOK_INGEST_PAUSE_AT=<point>` (one of COMMIT_POINTS), the run prints `ingest: paused at
 * <point>` to stderr there and waits for SIGUSR2 (or a kill): the kill tests stop the real CLI at
 * an exact point of a commit and SIGKILL it (tests/unit/bad-input.test.ts).
 */
function pauseAt(wanted: string | undefined): Checkpoint | undefined {
  if (!COMMIT_POINTS.some((point) => point === wanted)) return undefined;
  return async (point) => {
    if (point !== wanted) return;
    process.stderr.write(`ingest: paused at ${point} (pid ${process.pid}); SIGUSR2 resumes\n`);
    await new Promise<void>((resolve) => {
      const keepAlive = setInterval(() => {}, 60_000);
      process.once('SIGUSR2', () => {
        clearInterval(keepAlive);
        resolve();
      });
    });
  };
}

const values = parseOptions();
const started = performance.now();
try {
  checkContentDir(values.content);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const report = await ingest({
    contentDir: values.content,
    cacheDir: values.cache,
    progress: values.quiet ? undefined : progressPrinter(say),
    note: values.quiet ? undefined : (line) => say(`ingest progress: ${line}`),
    checkpoint: pauseAt(process.env['DAYBOOK_INGEST_PAUSE_AT']),
  });
  if (values.timings) console.log(`ingest timings: ${JSON.stringify(report.timings)}`);
  for (const warning of report.warnings) {
    console.warn(`warning: ${warning.file}${warning.line ? `:${warning.line}` : ''}: ${warning.message}`);
  }
  if (!values.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(
      `ingest: ${report.days} days, ${report.papers} papers (${report.newPapers} new, ${report.merged} repeat sightings merged); ` +
        `${report.written} files written, ${report.deleted} removed, ${report.unchanged} unchanged in ${seconds}s`,
    );
  }
} catch (error) {
  const failure = describe(error);
  console.error(`error: ${failure.message}`);
  if (failure.unchanged) console.error(UNCHANGED);
  if (process.env['DAYBOOK_DEBUG']) console.error(error);
  else if (failure.unexpected) console.error('This looks like a bug in Daybook: run again with DAYBOOK_DEBUG=1 for the stack trace and report it.');
  process.exitCode = 1;
}
