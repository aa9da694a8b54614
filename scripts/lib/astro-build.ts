/**
 * `astro build`, run by scripts/build.ts in a process of its own (the heap limit is set on its
 * command line): Astro's programmatic build, so a failure is one `error:` line naming what went
 * wrong rather than Astro's error page with its stack trace (DAYBOOK_DEBUG=1 prints the error whole).
 */
import { build } from 'astro';
import { describeSystemError } from './errors.ts';

/** The one line for an error of the build: a file-system error's path and words, else its message's first line. */
function oneLine(error: unknown): string {
  const system = error instanceof Error ? describeSystemError(error as NodeJS.ErrnoException) : undefined;
  if (system) return system;
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n')[0] ?? 'unknown failure';
}

function fail(error: unknown): void {
  process.stderr.write(`error: ${oneLine(error)}\n`);
  if (process.env['DAYBOOK_DEBUG']) console.error(error);
  process.exit(1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  await build({});
  // Astro leaves timers and sharp's threads behind; the build is done.
  process.exit(0);
} catch (error) {
  fail(error);
}
