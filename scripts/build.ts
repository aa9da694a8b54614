/**
 * `npm run build`: the ingest (scripts/ingest.ts), then `astro build` (scripts/lib/astro-build.ts,
 * run again while it leaves paper pages to render: a build of every page runs it a few times),
 * both under one lock on the output folder (`<out>.build-lock`): a second build into the same
 * output waits for the first (up to $DAYBOOK_BUILD_WAIT seconds, default 1,800), then refuses in
 * one line. Without the lock, two builds read and write `dist/`, its `.prerender` chunks and
 * Astro's caches at once.
 *
 * Every failure ends in one `error:` line: the ingest's and Astro's own, and, for a process that
 * dies without one (a native panic), a line written here from what it printed; stack traces
 * and native backtraces are left out unless DAYBOOK_DEBUG=1.
 *
 * Exit codes: those of the failed step (1 for a failure, 2 for wrong options), 1 for the lock.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BUILD_AGAIN_EXIT_CODE, BUILD_LOCK_HELD, buildLockOptions } from '../src/lib/archive/ingest-files.ts';
import { errnoWords } from './lib/errors.ts';
import { withLock } from './lib/lock.ts';

const outDir = resolve(process.env['DAYBOOK_OUT'] ?? 'dist');
const waitSeconds = Number(process.env['DAYBOOK_BUILD_WAIT'] ?? 1800);
const debug = Boolean(process.env['DAYBOOK_DEBUG']);
/** Astro runs one build may take (each renders up to `PAPERS_PER_RUN` paper pages: src/catalog/loader.ts); 50 runs are 2,000,000 papers. */
const MAX_ASTRO_RUNS = 50;
const script = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** A line of a stack trace or of a native backtrace. */
const TRACE_LINE = /^\s+(?:at\s|\d+:\s|\.\.\.\s\d+ more|[│╰─])|^\s*(?:stack backtrace:|note: (?:run with|Some details are omitted))/;
/** A native panic's report of a full disk (Rust's I/O error `StorageFull`). */
const FULL_DISK = /No space left on device|StorageFull|ENOSPC/;

interface Step {
  code: number;
  /** The step printed its own `error:` line. */
  said: boolean;
  /** The first line of a panic or an uncaught error, when it printed one. */
  panic: string | undefined;
  fullDisk: boolean;
}

/** Runs one step, passing its output through; its stderr without stack traces. */
function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Step> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe'], env });
  const step: Step = { code: 0, said: false, panic: undefined, fullDisk: false };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => {
    if (/^error: /.test(line)) step.said = true;
    if (/panicked at|^thread '.*' panicked|^Error: /.test(line)) step.panic ??= line;
    if (FULL_DISK.test(line)) step.fullDisk = true;
    if (debug || !TRACE_LINE.test(line)) process.stderr.write(`${line}\n`);
  });
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      step.code = code ?? (signal ? 1 : 0);
      done(step);
    });
  });
}

/** The one line for a step that failed without saying why. */
function unsaid(what: string, step: Step): string {
  if (step.fullDisk) return `${outDir}: ${errnoWords('ENOSPC')} (ENOSPC) while ${what} wrote the site; free space and build again (the next build finishes the job)`;
  return `${what} stopped (exit code ${step.code})${step.panic ? `: ${step.panic.trim()}` : ''}; nothing was published beyond what it had written, and the next build starts over`;
}

async function buildLocked(): Promise<number> {
  const ingest = await run([script('./ingest.ts'), ...process.argv.slice(2)]);
  if (ingest.code !== 0) {
    if (!ingest.said) process.stderr.write(`error: ${unsaid('the ingest', ingest)}\n`);
    return ingest.code;
  }
  const nodeOptions = `${process.env['NODE_OPTIONS'] ?? ''} --max-old-space-size=5632`.trim();
  for (let runs = 1; ; runs++) {
    const astro = await run([script('./lib/astro-build.ts')], { ...process.env, NODE_OPTIONS: nodeOptions, [BUILD_LOCK_HELD]: String(process.pid) });
    // Each run renders up to so many paper pages, in a process of its own, and commits what it did (src/catalog/loader.ts).
    if (astro.code === BUILD_AGAIN_EXIT_CODE && runs < MAX_ASTRO_RUNS) continue;
    if (astro.code === BUILD_AGAIN_EXIT_CODE) process.stderr.write(`error: astro build still had paper pages to render after ${runs} runs; build again to go on\n`);
    else if (astro.code !== 0 && !astro.said) process.stderr.write(`error: ${unsaid('astro build', astro)}\n`);
    return astro.code === BUILD_AGAIN_EXIT_CODE ? 1 : astro.code;
  }
}

try {
  // The lock lies beside the output, whose folder may not exist yet.
  mkdirSync(dirname(outDir), { recursive: true });
  process.exitCode = await withLock(
    {
      key: outDir,
      options: buildLockOptions(outDir),
      what: 'build',
      waitMs: waitSeconds * 1000,
      onWait: () => process.stderr.write(`build: another build into ${outDir} is running (${buildLockOptions(outDir).lockfilePath}); waiting for it to finish\n`),
    },
    buildLocked,
  );
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
