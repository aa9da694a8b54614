/**
 * The archive as open data, `/api/v1/`: what each file holds, built from the one query layer.
 * Files (schemas in schemas/api/v1/, documented on /api/):
 *
 *   index.json                 schema version, counts, every day and topic with its file, the yearly archives
 *   days/<date>.json           a day's papers in digest order, each a full record
 *   topics/<slug>.json         a topic and its papers (slug, title, page, first day), newest first
 *   archive-<year>.jsonl.gz    one full record per line for every paper first seen that year
 *
 * One file per day, not per paper: at 75,000 paper-days the day files are the bulk (see README).
 */
import { abstractParagraphs } from '../feeds/items.ts';
import { paths } from '../lib/paths.ts';
import { absoluteUrl } from '../utils/url.ts';
import type { Archive, Day, Paper } from './archive.ts';
import { firstSeen, isNewOn } from './archive.ts';

/** Bumped when a field changes meaning or goes away; new fields do not bump it (see the changelog on /api/). */
export const API_VERSION = 1;

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

export function paperRecord(archive: Archive, paper: Paper, site: URL | undefined): PaperRecord {
  const d = paper.data;
  return {
    slug: paper.id,
    url: absoluteUrl(paths.paper(paper.id), site),
    title: d.title,
    abstract: abstractParagraphs(archive, paper).join('\n\n'),
    authors: d.authors,
    arxivId: orNull(d.arxivId),
    publishedAt: orNull(d.publishedAt),
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

/** `days/<date>.json`. */
export function dayFile(archive: Archive, day: Day, site: URL | undefined) {
  return {
    schemaVersion: API_VERSION,
    date: day.date,
    source: day.source,
    count: day.papers.length,
    papers: day.papers.map((paper, position) => ({ position, new: isNewOn(paper, day.date), ...paperRecord(archive, paper, site) })),
  };
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
    // No URL per paper (it is `/papers/<slug>/`): topic files list every paper of the archive, some several times.
    papers: papers.map((p) => ({ slug: p.id, title: p.data.title, firstSeen: firstSeen(p) })),
  };
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

/** `archive-<year>.jsonl`: one full record a line, papers in order of first appearance. */
export function archiveLines(archive: Archive, papers: readonly Paper[], site: URL | undefined): string {
  return papers.map((p) => `${JSON.stringify(paperRecord(archive, p, site))}\n`).join('');
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

/** The JSON Schemas (schemas/api/v1/<name>.schema.json), one per kind of file. */
export const SCHEMA_NAMES = ['index', 'day', 'topic', 'archive-line'] as const;

/** JSON as the API writes it: compact, one trailing newline. */
export const jsonResponse = (value: unknown) => new Response(`${JSON.stringify(value)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
