/**
 * The archive as open data, `/api/v1/`: what each file holds, built from the one query layer.
 * Files (schemas in public/api/v1/schemas/, documented on /api/):
 *
 *   index.json                 schema version, counts, every day and topic with its file, the yearly archives
 *   days/<date>.json           a day's papers in digest order: full records for the last API_FULL_DAYS
 *                              days, then short ones (slug, title, days), whose full record is in the
 *                              archive of the year of their first day
 *   topics/<slug>.json         a topic and its papers (slug, first day), newest first
 *   archive-<year>.jsonl.gz    one full record per line for every paper first seen that year
 *
 * Every abstract is published once for good (the yearly archives) and once more while it is recent
 * (the day files): full day files for every day would be ~200 MB at 75,000 paper-days, a fifth of
 * the whole site's budget.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import writeFileAtomic from 'write-file-atomic';
import { absoluteUrl, paths } from '../lib/paths.ts';
import { seal, unseal } from '../lib/sealed.ts';
import type { Archive, Day, Paper } from './archive.ts';
import { abstractParagraphs, firstSeen, isNewOn, topicAliases } from './archive.ts';
import { pagesToRender } from './pages-to-render.ts';
import { viewKey } from '../lib/archive/paper-view.ts';
import { readableText } from '../lib/text/tex.ts';

/** Bumped when a field changes meaning or goes away; new fields do not bump it (see the changelog on /api/). */
export const API_VERSION = 1;

/** Day files of the newest digest and the days up to this many calendar days before it carry full records. */
export const API_FULL_DAYS = 7;

const DAY_MS = 86_400_000;

/** Whether `date`'s day file carries full records, with `newest` the archive's newest day. */
export function isFullDay(date: string, newest: string | undefined): boolean {
  return newest !== undefined && (Date.parse(newest) - Date.parse(date)) / DAY_MS <= API_FULL_DAYS;
}

/** A paper as every API file gives it in full. */
export interface PaperRecord {
  slug: string;
  /** Absolute URL of the paper's page. */
  url: string;
  title: string;
  /** Plain text, paragraphs separated by a blank line; TeX as written (`$…$`). */
  abstract: string;
  authors: string[];
  arxivId: string | null;
  publishedAt: string | null;
  /** arXiv's primary category of the paper (`cs.LG`), and all its categories, primary first, when known. */
  primaryCategory: string | null;
  categories: string[];
  links: { arxiv: string | null; pdf: string | null; github: string | null; project: string | null; huggingface: string | null };
  topics: string[];
  keyPhrases: string[];
  /** Every day the paper trended, oldest first. */
  days: string[];
  upvotes: number | null;
  githubStars: number | null;
  organization: string | null;
  comments: number | null;
  /** The digest's machine-written summary and its model (Hugging Face days), or null. */
  aiSummary: string | null;
  aiSummaryModel: string | null;
  aiKeywords: string[];
  /** A sentence of the abstract (extractive) for papers without `aiSummary`, or null. */
  tldr: string | null;
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * What a paper's full record is made of, as a key: its abstract and its frontmatter but the
 * related list (which no record shows, and which a new day changes for papers of every month).
 */
export const recordKey = (paper: Paper): string => `${paper.id}:${paper.recordHash}`;

export function paperRecord(archive: Archive, paper: Paper, site: URL | undefined): PaperRecord {
  const d = paper.data;
  return {
    slug: paper.id,
    url: absoluteUrl(paths.paper(paper.id), site),
    title: readableText(d.title, 'tex'),
    abstract: abstractParagraphs(archive, paper).join('\n\n'),
    authors: d.authors,
    arxivId: orNull(d.arxivId),
    publishedAt: orNull(d.publishedAt),
    primaryCategory: orNull(d.categories?.[0]),
    categories: d.categories ?? [],
    links: {
      arxiv: d.arxivId ? paths.arxivAbstract(d.arxivId) : null,
      pdf: d.arxivId ? paths.arxivPdf(d.arxivId) : null,
      github: orNull(d.github),
      project: orNull(d.project),
      huggingface: orNull(d.huggingface),
    },
    topics: d.topics,
    keyPhrases: d.keyPhrases,
    days: d.days,
    upvotes: orNull(d.upvotes),
    githubStars: orNull(d.githubStars),
    organization: orNull(d.organization),
    comments: orNull(d.comments),
    aiSummary: orNull(d.aiSummary),
    aiSummaryModel: d.aiSummary ? orNull(d.aiSummaryModel) : null,
    aiKeywords: d.aiKeywords ?? [],
    tldr: orNull(d.tldr),
  };
}

/**
 * A paper in an older day's file: enough to list it. Its page is index.json's `paperUrl`, its full
 * record in the archive of the year of its first day (`days[0]`).
 */
export function shortRecord(paper: Paper) {
  return { slug: paper.id, title: readableText(paper.data.title, 'tex'), days: paper.data.days };
}

/** `days/<date>.json`. */
export function dayFile(archive: Archive, day: Day, site: URL | undefined) {
  const full = isFullDay(day.date, archive.days[0]?.date);
  return {
    schemaVersion: API_VERSION,
    date: day.date,
    source: day.source,
    count: day.papers.length,
    full,
    papers: day.papers.map((paper, position) => ({
      position,
      new: isNewOn(paper, day.date),
      ...(full ? paperRecord(archive, paper, site) : shortRecord(paper)),
    })),
  };
}

/** The day files this build writes (src/data/pages-to-render.ts). */
export function dayFilePages(archive: Archive) {
  // The file is made of its papers' records, full or short (a short one is part of the full one:
  // its key is the record's, cheaper than the short record itself for 100,000s of papers), and the day's order.
  const newest = archive.days[0]?.date;
  const files = archive.days.map((day) => ({
    params: { date: day.date },
    props: { day },
    cacheKey: viewKey('api-day', day.date, day.source, isFullDay(day.date, newest), day.papers.map(recordKey)),
  }));
  return pagesToRender(archive, 'api-days', files, (file) => paths.apiFile(`days/${file.params.date}.json`));
}

/** `topics/<slug>.json`. */
export function topicFile(archive: Archive, slug: string, site: URL | undefined) {
  const topic = archive.topics.get(slug)!;
  const papers = archive.papersByTopic.get(slug) ?? [];
  return {
    schemaVersion: API_VERSION,
    slug,
    name: topic.data.name,
    description: topic.data.description,
    url: absoluteUrl(paths.topic(slug), site),
    count: papers.length,
    // Slugs and days alone: topic files list every paper of the archive, most several times (titles are in the day files and archives).
    papers: papers.map((p) => ({ slug: p.id, firstSeen: firstSeen(p) })),
  };
}

/** The topic files this build writes (src/data/pages-to-render.ts). */
export function topicFilePages(archive: Archive) {
  // The file shows the topic's words and its papers' slugs and first days.
  // A renamed or merged topic's old file keeps answering, with the topic it became.
  const slugs = [...[...archive.topics.keys()].map((id) => [id, id] as const), ...topicAliases(archive)];
  const files = slugs.flatMap(([slug, id]) => {
    const topic = archive.topics.get(id);
    if (!topic) return [];
    const key = viewKey('api-topic', topic.digest, (archive.papersByTopic.get(id) ?? []).map((p) => `${p.id}:${firstSeen(p)}`));
    return [{ params: { topic: slug }, props: { topic: id }, cacheKey: key }];
  });
  return pagesToRender(archive, 'api-topics', files, (file) => paths.apiFile(`topics/${file.params.topic}.json`));
}

/** Years of the archive (by a paper's first day), oldest first, with their papers oldest first. */
export function archiveYears(archive: Archive): Map<string, Paper[]> {
  const years = new Map<string, Paper[]>();
  for (const paper of [...archive.newest].reverse()) {
    const year = firstSeen(paper).slice(0, 4);
    const list = years.get(year);
    if (list) list.push(paper);
    else years.set(year, [paper]);
  }
  return new Map([...years].sort((a, b) => a[0].localeCompare(b[0])));
}

/** The yearly archives this build writes (src/data/pages-to-render.ts). */
export function yearArchivePages(archive: Archive) {
  const files = [...archiveYears(archive)].map(([year, papers]) => ({ params: { year }, props: { papers }, cacheKey: viewKey('api-year', year, papers.map(recordKey)) }));
  return pagesToRender(archive, 'api-years', files, (file) => paths.apiFile(`archive-${file.params.year}.jsonl.gz`));
}

/** `archive-<year>.jsonl`: one full record a line, papers in order of first appearance. */
export function archiveLines(archive: Archive, papers: readonly Paper[], site: URL | undefined): string {
  return papers.map((p) => `${JSON.stringify(paperRecord(archive, p, site))}\n`).join('');
}

/**
 * `archive-<year>.jsonl.gz`: one gzip member per month, concatenated (gzip, zcat, Python and Node
 * read them as one file). A month's member is kept in Astro's cache folder under a key of its
 * papers' records and the code, so a new day compresses again the months whose records it changed, not its year.
 * Each is sealed with its hash (src/lib/sealed.ts): a damaged one is compressed again, never published.
 */
export async function yearArchive(archive: Archive, papers: readonly Paper[], site: URL | undefined): Promise<Uint8Array> {
  const { cacheDir } = await import('astro:config/server');
  const dir = join(fileURLToPath(cacheDir), 'daybook-api');
  mkdirSync(dir, { recursive: true });
  const members: Uint8Array[] = [];
  for (const [month, list] of archiveMonths(papers)) {
    const key = createHash('sha1').update(JSON.stringify([archive.fingerprint, String(site), list.map(recordKey)])).digest('hex');
    const file = join(dir, `${month}-${key.slice(0, 20)}.gz.sealed`);
    const cached = existsSync(file) ? readFileSync(file) : undefined;
    let member = cached && unseal(cached);
    if (!member) {
      if (cached) console.warn(`[daybook:api] ${file}: the cached part of archive-${month.slice(0, 4)}.jsonl.gz was damaged (cut short or changed); compressed again`);
      // gzip's header carries no file name and a zero time: the same records give the same bytes.
      member = gzipSync(archiveLines(archive, list, site), { level: 9 });
      writeFileAtomic.sync(file, seal(member), { fsync: false });
      for (const name of readdirSync(dir)) if (name.startsWith(`${month}-`) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
    }
    members.push(member);
  }
  return Buffer.concat(members);
}

/** A year's papers by month of first appearance (`YYYY-MM`), in order. */
export function archiveMonths(papers: readonly Paper[]): Map<string, Paper[]> {
  const months = new Map<string, Paper[]>();
  for (const paper of papers) {
    const month = firstSeen(paper).slice(0, 7);
    const list = months.get(month);
    if (list) list.push(paper);
    else months.set(month, [paper]);
  }
  return months;
}

/** `index.json`. */
export function indexFile(archive: Archive, site: URL | undefined) {
  const api = (file: string) => absoluteUrl(paths.apiFile(file), site);
  const years = archiveYears(archive);
  return {
    schemaVersion: API_VERSION,
    docs: absoluteUrl(paths.api(), site),
    newest: archive.days[0]?.date ?? null,
    /** A paper's page: this with `{slug}` replaced. */
    paperUrl: absoluteUrl(paths.paper('slug-here'), site).replace('slug-here', '{slug}'),
    counts: {
      days: archive.days.length,
      papers: archive.papers.size,
      paperDays: archive.days.reduce((n, d) => n + d.papers.length, 0),
      topics: archive.topics.size,
    },
    days: [...archive.days].reverse().map((d) => ({ date: d.date, papers: d.papers.length, url: api(`days/${d.date}.json`) })),
    topics: [...archive.topics.values()].map((t) => ({ slug: t.id, name: t.data.name, papers: archive.papersByTopic.get(t.id)?.length ?? 0, url: api(`topics/${t.id}.json`) })),
    archives: [...years].map(([year, papers]) => ({ year, papers: papers.length, url: api(`archive-${year}.jsonl.gz`) })),
    schemas: Object.fromEntries(SCHEMA_NAMES.map((name) => [name, api(`schemas/${name}.schema.json`)])),
  };
}

/** The JSON Schemas (public/api/v1/schemas/<name>.schema.json, published as they are), one per kind of file. */
export const SCHEMA_NAMES = ['index', 'day', 'topic', 'archive-line'] as const;

/** JSON as the API writes it: compact, one trailing newline. */
export const jsonResponse = (value: unknown) => new Response(`${JSON.stringify(value)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
