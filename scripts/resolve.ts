/**
 * `npm run resolve`: finds the arXiv id, authors, categories and first version's date of the
 * papers a digest gives by title only (the plain-text e-mail), and writes them to
 * `content/resolved/<date>.json` for ingest to merge (scripts/lib/resolve/run.ts). Offline-safe:
 * the build never runs it, and a day it could not finish is simply finished by the next run.
 *
 * Options: `--content <dir>` (default $DAYBOOK_CONTENT or `content`), `--day YYYY-MM-DD`
 * (repeatable; default every digest day), `--recheck` (ask arXiv again about papers it did not
 * find). Services: `DAYBOOK_HF_API` (https://huggingface.co), `DAYBOOK_ARXIV_API`
 * (https://export.arxiv.org). Pacing: `DAYBOOK_ARXIV_INTERVAL_MS` (3000, arXiv's terms),
 * `DAYBOOK_HF_INTERVAL_MS` (1000), `DAYBOOK_RESOLVE_TIMEOUT_MS` (30000 per request),
 * `DAYBOOK_RESOLVE_RETRIES` (4), `DAYBOOK_RESOLVE_BACKOFF_MS` (5000, doubled per retry);
 * `DAYBOOK_RESOLVE_CONTACT` goes into the User-Agent.
 *
 * Exit codes: 0 every title-only paper was looked up (some may be unresolved: see the summary),
 * 1 a service failed and some were not (run again later) or a file could not be read, 2 wrong options.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PoliteClient } from './lib/resolve/http.ts';
import { resolveDigests } from './lib/resolve/run.ts';

/** Who is asking, as arXiv's terms want it said; `DAYBOOK_RESOLVE_CONTACT` (an e-mail or URL) is added when set. */
const contact = process.env['DAYBOOK_RESOLVE_CONTACT'];
const USER_AGENT = `Daybook-resolver/0.1 (static archive of trending ML papers; looks up title-only digest papers once${contact ? `; ${contact}` : ''})`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        content: { type: 'string', default: process.env['DAYBOOK_CONTENT'] ?? 'content' },
        day: { type: 'string', multiple: true },
        recheck: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    console.error('usage: npm run resolve -- [--content <dir>] [--day YYYY-MM-DD]… [--recheck]');
    process.exit(2);
  }
}

/** A non-negative whole number from the environment, or the default. */
function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`error: ${name}=${raw}: expected a whole number of milliseconds (or attempts)`);
    process.exit(2);
  }
  return Number(raw);
}

const values = parseOptions();
const hfBase = process.env['DAYBOOK_HF_API'] || 'https://huggingface.co';
const arxivBase = process.env['DAYBOOK_ARXIV_API'] || 'https://export.arxiv.org';
const say = (line: string) => process.stderr.write(`${line}\n`);
const client = new PoliteClient({
  userAgent: USER_AGENT,
  intervalMs: new Map([
    [new URL(arxivBase).host, envNumber('DAYBOOK_ARXIV_INTERVAL_MS', 3000)],
    [new URL(hfBase).host, envNumber('DAYBOOK_HF_INTERVAL_MS', 1000)],
  ]),
  defaultIntervalMs: envNumber('DAYBOOK_ARXIV_INTERVAL_MS', 3000),
  timeoutMs: envNumber('DAYBOOK_RESOLVE_TIMEOUT_MS', 30_000),
  retries: envNumber('DAYBOOK_RESOLVE_RETRIES', 4),
  backoffMs: envNumber('DAYBOOK_RESOLVE_BACKOFF_MS', 5000),
  onRetry: (url, why, waitMs) => say(`resolve progress: ${why}; retrying in ${(waitMs / 1000).toFixed(1)} s: ${url}`),
});

// Every answer is already saved (each day's file is replaced atomically): stopping loses only the request in flight.
process.once('SIGINT', () => {
  console.error('resolve: interrupted; what was found is saved in content/resolved/: run `npm run resolve` again to continue');
  process.exit(130);
});

const started = performance.now();
try {
  const summary = await resolveDigests({ contentDir: values.content, hfBase, arxivBase, client, days: values.day, recheck: values.recheck, say });
  const pending = summary.unresolved.filter((u) => u.pending);
  for (const paper of summary.unresolved) {
    const state = paper.pending ? 'not looked up yet' : 'not found';
    console.log(`unresolved: ${paper.date}: ${state}: ${paper.title}`);
    for (const miss of paper.nearMisses ?? []) console.log(`  near-miss: arXiv ${miss.arxivId} "${miss.title}" (${miss.why})`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `resolve: ${summary.days} days, ${summary.papers} title-only papers: ${summary.huggingface} from Hugging Face, ${summary.arxiv} from arXiv, ` +
      `${summary.unresolved.length - pending.length} not found, ${pending.length} not looked up; ${client.requests} requests in ${seconds}s`,
  );
  if (pending.length > 0) {
    console.error(`error: ${pending.length} papers could not be looked up (${summary.errors.length} failed requests); run \`npm run resolve\` again later`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  if (process.env['DAYBOOK_DEBUG']) console.error(error);
  process.exitCode = 1;
}
