/**
 * `astro build`, run by scripts/build.ts in a process of its own (the heap limit is set on its
 * command line), and again while a run exits with `BUILD_AGAIN_EXIT_CODE` (src/catalog/loader.ts:
 * the paper pages one run renders are limited, so that it fits in memory). Astro's programmatic
 * build, so a failure is one `error:` line naming what went wrong rather than Astro's error page
 * with its stack trace (DAYBOOK_DEBUG=1 prints the error whole).
 */
import { resolve } from 'node:path';
import { build } from 'astro';
import { BUILD_AGAIN_EXIT_CODE } from '../../src/lib/archive/ingest-files.ts';
import { describeSystemError, errnoWords } from './errors.ts';

const outDir = resolve(process.env['DAYBOOK_OUT'] ?? 'dist');

/**
 * The last page Astro said it began (`├─ /days/2026-08-05/index.html`): Node's writeFile names no
 * path when the disk is full, and Astro's log is what tells which file it was writing.
 */
let lastPage: string | undefined;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  const page = /├─\s*(?:\x1b\[[0-9;]*m)*(\/\S+?)(?:\x1b\[[0-9;]*m|\s|$)/.exec(text)?.[1];
  if (page) lastPage = page;
  return write(chunk, ...rest);
}) as typeof process.stdout.write;

/** The one line for an error of the build: a file-system error's path and words, else its message's first line. */
function oneLine(error: unknown): string {
  const errno = error as NodeJS.ErrnoException;
  const system = error instanceof Error ? describeSystemError(errno) : undefined;
  if (system) return system;
  if (error instanceof Error && errno.code && errno.syscall === 'write') {
    const where = lastPage ? `${outDir}${lastPage} (or a page begun just before it)` : outDir;
    return `${where}: ${errnoWords(errno.code)} (${errno.code}) while astro build wrote the site; free space and build again (the next build finishes the job)`;
  }
  const message = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, '');
  // The bundler (rolldown) reports a failed write as "Failed to write file in <path> … (os error <n>)".
  const failedWrite = /Failed to write file in (\S+)[\s\S]*?\(os error (\d+)\)/.exec(message);
  if (failedWrite) {
    const code = OS_ERRORS[Number(failedWrite[2])] ?? `os error ${failedWrite[2]}`;
    return `${failedWrite[1]}: ${errnoWords(code)} (${code}) while astro build bundled the site; free space and build again`;
  }
  const lines = message.split('\n').map((line) => line.trim());
  return lines.find((line) => line !== '' && !/^Build failed with \d+ errors?:$/.test(line)) ?? 'unknown failure';
}

/** Linux's numbers of the errors a write can meet, as a native library reports them. */
const OS_ERRORS: Record<number, string> = { 5: 'EIO', 13: 'EACCES', 28: 'ENOSPC', 30: 'EROFS', 122: 'EDQUOT' };

function fail(error: unknown): void {
  process.stderr.write(`error: ${oneLine(error)}\n`);
  if (process.env['DAYBOOK_DEBUG']) console.error(error);
  process.exit(1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  await build({});
  // Astro leaves timers and sharp's threads behind; the build is done, or a next run renders the papers this one left (src/integrations/output.ts).
  process.exit(process.exitCode === BUILD_AGAIN_EXIT_CODE ? BUILD_AGAIN_EXIT_CODE : 0);
} catch (error) {
  fail(error);
}
