/**
 * `npm run ingest`: converts every digest in `content/digests/` into the content
 * entries Astro reads (`content/papers/`, `content/days/`, `content/slugs.tsv`).
 * All or nothing: bad input stops the run with a message naming file and line,
 * and `content/` is left exactly as it was.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { InputError } from '../src/lib/digest/types.ts';
import { ingest } from './lib/ingest.ts';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: process.env.DAYBOOK_CONTENT ?? 'content' },
    cache: { type: 'string', default: '.cache/daybook' },
    quiet: { type: 'boolean', default: false },
  },
});

const started = performance.now();
try {
  const report = await ingest({ contentDir: values.content, cacheDir: values.cache });
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
  if (error instanceof InputError || (error as { isInputError?: boolean }).isInputError) {
    console.error(`error: ${(error as Error).message}`);
    console.error('Nothing in content/ was changed.');
    process.exit(1);
  }
  throw error;
}
