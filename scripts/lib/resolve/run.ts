/**
 * The resolver's work, day by day: Hugging Face's list of the digest's own day first (one
 * request), arXiv by id for what it found (categories, first version's date), then arXiv by
 * title for the rest. The day's file is rewritten after every answer, so a run stopped at any
 * point (Ctrl-C, a kill) loses at most the request in flight, and the next run asks only what
 * the file does not hold yet.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { abstractHead } from '../../../src/lib/archive/merge.ts';
import { dateFromFileName, readDigest } from '../../../src/lib/digest/index.ts';
import { readHfJsonDigest } from '../../../src/lib/digest/hf-json.ts';
import type { DigestPaper } from '../../../src/lib/digest/types.ts';
import { FeedError, IDS_PER_REQUEST, idListUrl, parseArxivFeed, titleQueryUrl } from '../../../src/lib/resolve/atom.ts';
import type { Candidate } from '../../../src/lib/resolve/match.ts';
import { matchPaper } from '../../../src/lib/resolve/match.ts';
import type { DayResolution, ResolvedPaper } from '../../../src/lib/resolve/record.ts';
import { findResolved, formatResolution, needsResolving, parseResolution, RESOLVED_DIR } from '../../../src/lib/resolve/record.ts';
import type { PoliteClient } from './http.ts';
import { RequestError } from './http.ts';

export interface ResolveOptions {
  contentDir: string;
  hfBase: string;
  arxivBase: string;
  client: PoliteClient;
  /** Only these days (YYYY-MM-DD); every digest day when absent. */
  days?: readonly string[] | undefined;
  /** Ask arXiv again about papers it did not find before. */
  recheck?: boolean | undefined;
  say: (line: string) => void;
}

export interface Unresolved {
  date: string;
  title: string;
  nearMisses: ResolvedPaper['nearMisses'];
  /** Not looked up in full: a service failed (the next run tries again). */
  pending: boolean;
}

export interface ResolveSummary {
  days: number;
  papers: number;
  huggingface: number;
  arxiv: number;
  unresolved: Unresolved[];
  /** What went wrong with a service, one line each. */
  errors: string[];
}

const HF_ACCEPT = 'application/json';
const ATOM_ACCEPT = 'application/atom+xml';

/** A paper of the digest and its record in the day's file. */
interface Item {
  paper: DigestPaper;
  record: ResolvedPaper;
}

/** The day's file as it will be: the digest's title-only papers in digest order, each with what is known of it. */
function dayRecords(date: string, digestName: string, papers: readonly DigestPaper[], previous: DayResolution | undefined): { day: DayResolution; items: Item[] } {
  const items = papers.map((paper) => {
    const known = previous ? findResolved(previous.papers, paper) : undefined;
    const record: ResolvedPaper = known ? { ...known, title: paper.title } : { title: paper.title, abstractHead: abstractHead(paper.abstract) };
    return { paper, record };
  });
  const day: DayResolution = { date, digest: digestName, papers: items.map((i) => i.record) };
  if (previous?.huggingface) day.huggingface = previous.huggingface;
  return { day, items };
}

/** Fills in a record from a service's description of its paper. */
function take(record: ResolvedPaper, candidate: Candidate, source: 'huggingface' | 'arxiv'): void {
  record.source = source;
  record.arxivId = candidate.arxivId;
  if (candidate.authors.length) record.authors = candidate.authors;
  if (candidate.publishedAt) record.publishedAt = candidate.publishedAt;
  if (candidate.categories.length) record.categories = candidate.categories;
  delete record.nearMisses;
}

export async function resolveDigests(options: ResolveOptions): Promise<ResolveSummary> {
  const { contentDir, client, say } = options;
  const digestDir = join(contentDir, 'digests');
  const outDir = join(contentDir, RESOLVED_DIR);
  const summary: ResolveSummary = { days: 0, papers: 0, huggingface: 0, arxiv: 0, unresolved: [], errors: [] };
  /** A service that failed for good in this run is not asked again until the next. */
  const down = { huggingface: false, arxiv: false };
  const fail = (service: 'huggingface' | 'arxiv', error: unknown) => {
    if (error instanceof RequestError && error.transient) down[service] = true;
    const line = `${service === 'arxiv' ? 'arXiv' : 'Hugging Face'}: ${(error as Error).message}${down[service] ? '; not asked again in this run' : ''}`;
    summary.errors.push(line);
    say(`resolve: ${line}`);
  };

  const names = readdirSync(digestDir).filter((n) => !n.startsWith('.')).sort();
  for (const name of names) {
    const file = join(digestDir, name);
    const date = dateFromFileName(file);
    if (options.days && !options.days.includes(date)) continue;
    const digest = readDigest(file, readFileSync(file), date);
    const papers = digest.papers.filter(needsResolving);
    if (papers.length === 0) continue;
    const out = join(outDir, `${date}.json`);
    const previous = existsSync(out) ? parseResolution(out, readFileSync(out, 'utf8')) : undefined;
    const { day, items } = dayRecords(date, name, papers, previous);
    const save = () => {
      mkdirSync(outDir, { recursive: true });
      writeFileAtomic.sync(out, formatResolution(day));
    };
    save();
    summary.days++;
    const open = () => items.filter((i) => !i.record.arxivId);

    // Hugging Face: the digest's own day, once.
    if (open().length > 0 && !day.huggingface && !down.huggingface) {
      const url = `${options.hfBase.replace(/\/+$/, '')}/api/daily_papers?date=${date}`;
      try {
        const body = await client.get(url, HF_ACCEPT);
        // A day Hugging Face has no list for is an empty array: nothing to match, not a broken answer.
        const listed = (/^\s*\[\s*\]\s*$/.test(body) ? [] : readHfJsonDigest(url, body, date).papers).flatMap((p): Candidate[] =>
          p.arxivId ? [{ arxivId: p.arxivId, title: p.title, abstract: p.abstract, authors: p.authors ?? [], publishedAt: p.publishedAt, categories: [] }] : [],
        );
        let found = 0;
        for (const item of open()) {
          const result = matchPaper(item.paper, listed);
          if (result.match) {
            take(item.record, result.match, 'huggingface');
            found++;
          } else if (result.nearMisses.length) item.record.nearMisses = result.nearMisses;
        }
        day.huggingface = listed.length ? 'read' : 'none';
        save();
        say(`resolve progress: ${date}: Hugging Face listed ${listed.length} papers, ${found} of ${items.length} title-only papers found there`);
      } catch (error) {
        if (error instanceof RequestError && !error.transient) {
          day.huggingface = 'none';
          save();
        }
        fail('huggingface', error);
      }
    }

    // arXiv by id: categories and the first version's date of what Hugging Face found.
    const unchecked = items.filter((i) => i.record.arxivId && !i.record.arxivChecked);
    for (let at = 0; at < unchecked.length && !down.arxiv; at += IDS_PER_REQUEST) {
      const batch = unchecked.slice(at, at + IDS_PER_REQUEST);
      try {
        const records = new Map(parseArxivFeed(await client.get(idListUrl(options.arxivBase, batch.map((i) => i.record.arxivId!)), ATOM_ACCEPT)).map((c) => [c.arxivId, c]));
        for (const { record } of batch) {
          const found = records.get(record.arxivId!);
          // An id arXiv does not return (yet) is asked again by the next run: never recorded as looked up.
          if (!found) continue;
          if (found.categories.length) record.categories = found.categories;
          if (found.publishedAt) record.publishedAt = found.publishedAt;
          if (!record.authors?.length && found.authors.length) record.authors = found.authors;
          record.arxivChecked = true;
        }
        save();
        say(`resolve progress: ${date}: arXiv records of ${at + batch.length}/${unchecked.length} papers found on Hugging Face (${batch.filter((i) => records.has(i.record.arxivId!)).length} known to arXiv)`);
      } catch (error) {
        fail('arxiv', error);
        if (error instanceof FeedError) break;
      }
    }

    // arXiv by title: what is left.
    const left = open().filter((i) => options.recheck || !i.record.arxivChecked);
    for (const [n, item] of left.entries()) {
      if (down.arxiv) break;
      try {
        const candidates = parseArxivFeed(await client.get(titleQueryUrl(options.arxivBase, item.paper.title), ATOM_ACCEPT));
        const result = matchPaper(item.paper, candidates);
        if (result.match) take(item.record, result.match, 'arxiv');
        else if (result.nearMisses.length) item.record.nearMisses = result.nearMisses;
        else delete item.record.nearMisses;
        item.record.arxivChecked = true;
        save();
        const outcome = result.match ? `found ${result.match.arxivId}` : result.nearMisses.length ? `not found (${result.nearMisses.length} near-miss${result.nearMisses.length > 1 ? 'es' : ''})` : 'not found';
        say(`resolve progress: ${date}: arXiv title ${n + 1}/${left.length}: ${outcome}: ${item.paper.title}`);
      } catch (error) {
        fail('arxiv', error);
      }
    }

    for (const { record } of items) {
      summary.papers++;
      if (record.source === 'huggingface') summary.huggingface++;
      else if (record.source === 'arxiv') summary.arxiv++;
      else summary.unresolved.push({ date, title: record.title, nearMisses: record.nearMisses, pending: !record.arxivChecked });
    }
  }
  return summary;
}
