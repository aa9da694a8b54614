/**
 * `node scripts/make-archive.ts --papers 10000 --out /tmp/arch10k`: builds a content root
 * of N papers from the bundled arXiv corpus, for benchmarks and scale tests.
 *
 * The output is what a maintainer's `content/` looks like before ingest:
 *
 *   <out>/digests/YYYY-MM-DD.json   Hugging Face daily-papers JSON, ~120 papers a day
 *   <out>/topics/                   a copy of the taxonomy (content/topics)
 *   <out>/pages/                    a copy of the hand-written pages (content/pages)
 *
 * Build it like the real site: `DAYBOOK_CONTENT=<out> DAYBOOK_OUT=<dist> DAYBOOK_CACHE=<cache> npm run build`.
 *
 * The corpus (`tests/fixtures/arxiv-daily-30-days.jsonl.gz`) has 9,083 listings of 6,642
 * distinct arXiv papers (cross-listings repeat). Each day, about a fifth of the papers return
 * from the five days before (as on the real trending lists, so ingest merges sightings); the
 * rest are new: each distinct corpus paper is used once, then papers are reused with a distinct
 * title (`… (variant 2)`) and a synthetic arXiv id. N paper-days make ~0.78 N papers. Papers that the
 * copied pages embed (`<PaperEmbed slug>` in content/pages) are taken from the source archive
 * and put first, so those pages build.
 *
 * Deterministic: the same options give the same bytes. Papers keep corpus order and are
 * re-dated onto consecutive days from `--start`, a seeded number per day (±25% around
 * `--per-day`); upvotes come from the same seeded generator.
 *
 * Options:
 *   --papers N      paper-days: all digests' papers together (default 10000)
 *   --out DIR       content root to create (required); must not exist unless --force
 *   --force         replace DIR if it exists
 *   --per-day N     average papers a day (default 120)
 *   --start DATE    first day, YYYY-MM-DD (default 2022-01-03, a Monday: 150,000 paper-days end in 2025, before
 *                   today, as ingest refuses digests dated later than tomorrow)
 *   --from DIR      content root whose topics/ and pages/ are copied (default content)
 *   --corpus FILE   JSONL(.gz) corpus (default tests/fixtures/arxiv-daily-30-days.jsonl.gz)
 *
 * `makeArchive()` is exported for other scripts (scripts/bench-search.ts, the benchmark).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';

export const DEFAULT_CORPUS = 'tests/fixtures/arxiv-daily-30-days.jsonl.gz';

export interface ArchiveOptions {
  /** Paper-days to produce: the papers of all digests together, returning papers counted each day. */
  papers: number;
  /** Content root to create. */
  out: string;
  /** Average papers per day. */
  perDay?: number;
  /** First day, `YYYY-MM-DD`. */
  start?: string;
  /** Content root whose `topics/` and `pages/` are copied. */
  from?: string;
  corpus?: string;
  /** Replace `out` if it exists. */
  force?: boolean;
}

export interface ArchiveSummary {
  out: string;
  /** Paper-days: every paper of every digest. */
  sightings: number;
  /** Distinct papers. */
  papers: number;
  days: number;
  first: string;
  last: string;
  /** Papers that reuse a corpus paper under a new title and id. */
  variants: number;
}

/** One line of the corpus. */
export interface CorpusPaper {
  date: string;
  title: string;
  abstract: string;
  arxiv_id: string;
  categories: string[];
  authors: string[];
  comment?: string;
}

/** Reads the corpus, one entry per distinct arXiv id, in corpus order. */
export function readCorpus(file = DEFAULT_CORPUS): CorpusPaper[] {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const seen = new Set<string>();
  const papers: CorpusPaper[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const paper = JSON.parse(line) as CorpusPaper;
    if (seen.has(paper.arxiv_id)) continue;
    seen.add(paper.arxiv_id);
    papers.push(paper);
  }
  return papers;
}

/** mulberry32: a small seeded generator, so every run draws the same numbers. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A synthetic new-style arXiv id in 2009 (`09MM.NNNNN`), a year the corpus does not use. */
function syntheticId(k: number, taken: ReadonlySet<string>): string {
  for (let i = k; ; i += 1_000_000) {
    const month = String((Math.floor(i / 100_000) % 12) + 1).padStart(2, '0');
    const id = `09${month}.${String(i % 100_000).padStart(5, '0')}`;
    if (!taken.has(id)) return id;
  }
}

/** Share of a day's papers that trended on one of the days before (real digests: about a fifth). */
const RETURNING_SHARE = 0.215;
/** How far back a returning paper comes from. */
const RETURNING_DAYS = 5;

const GITHUB = /https?:\/\/github\.com\/[\w.-]+\/[\w.-]+/;
const URL_IN_TEXT = /https?:\/\/[^\s,;)]+[^\s,;).]/;

/** One Hugging Face daily-papers entry, with the fields the reader uses. */
function hfEntry(paper: CorpusPaper, title: string, id: string, day: string, upvotes: number): object {
  const publishedAt = `${addDays(day, -1)}T00:00:00.000Z`;
  const github = paper.comment?.match(GITHUB)?.[0];
  const project = github ? undefined : paper.comment?.match(URL_IN_TEXT)?.[0];
  return {
    paper: {
      ...(id ? { id } : {}),
      authors: paper.authors.map((name) => ({ name, hidden: false })),
      publishedAt,
      submittedOnDailyAt: `${day}T00:00:00.000Z`,
      title,
      summary: paper.abstract,
      upvotes,
      ...(github ? { githubRepo: github } : {}),
      ...(project ? { projectPage: project } : {}),
    },
    publishedAt: `${addDays(day, -2)}T20:00:00.000Z`,
    title,
    summary: paper.abstract,
  };
}

/** A paper a hand-written page embeds (`<PaperEmbed slug="…" />`), read from the source archive. */
function embeddedPapers(from: string): CorpusPaper[] {
  const pages = join(from, 'pages');
  if (!existsSync(pages)) return [];
  const slugs = new Set<string>();
  for (const name of readdirSync(pages, { recursive: true, encoding: 'utf8' })) {
    if (!/\.mdx$/.test(name)) continue;
    for (const match of readFileSync(join(pages, name), 'utf8').matchAll(/<PaperEmbed\b[^>]*\bslug="([^"]+)"/g)) slugs.add(match[1] as string);
  }
  return [...slugs].map((slug) => {
    const file = join(from, 'papers', `${slug}.md`);
    if (!existsSync(file)) throw new Error(`${file} is missing: a page in ${pages} embeds "${slug}"; run npm run ingest first`);
    const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(readFileSync(file, 'utf8')) ?? [];
    const data = parseYaml(frontmatter) as { title: string; arxivId?: string; authors?: string[]; days: string[] };
    return { date: data.days[0] ?? '', title: data.title, abstract: body.trim(), arxiv_id: data.arxivId ?? '', categories: [], authors: data.authors ?? [] };
  });
}

export function makeArchive(options: ArchiveOptions): ArchiveSummary {
  const { papers: total, perDay = 120, start = '2022-01-03', from = 'content', corpus = DEFAULT_CORPUS, force = false } = options;
  const out = resolve(options.out);
  if (!Number.isInteger(total) || total < 1) throw new Error(`--papers must be a positive whole number, got ${total}`);
  if (!Number.isInteger(perDay) || perDay < 1) throw new Error(`--per-day must be a positive whole number, got ${perDay}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start))) throw new Error(`--start must be a date YYYY-MM-DD, got ${start}`);
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!force) throw new Error(`${out} exists and is not empty: choose another --out or add --force to replace it`);
    rmSync(out, { recursive: true, force: true });
  }

  // Papers the copied pages embed come first, so those pages still build; then the corpus.
  const embedded = embeddedPapers(from);
  const embeddedIds = new Set(embedded.map((p) => p.arxiv_id));
  const source = [...embedded, ...readCorpus(corpus).filter((p) => !embeddedIds.has(p.arxiv_id))];
  const taken = new Set(source.map((p) => p.arxiv_id));
  const random = seeded(0x0da7b00c);
  const digests = join(out, 'digests');
  mkdirSync(digests, { recursive: true });

  let next = 0;
  let day = start;
  let days = 0;
  let variants = 0;
  let sightings = 0;
  // The papers of the last few days: real trending lists bring a fifth of their papers back.
  let recent: { paper: CorpusPaper; title: string; id: string }[][] = [];
  while (sightings < total) {
    const count = Math.min(total - sightings, Math.round(perDay * (0.75 + random() * 0.5)));
    const entries: object[] = [];
    const today: { paper: CorpusPaper; title: string; id: string }[] = [];
    const pool = recent.flat();
    for (let i = 0; i < count; i += 1) {
      let pick: { paper: CorpusPaper; title: string; id: string } | undefined;
      if (pool.length > 0 && random() < RETURNING_SHARE) {
        const candidate = pool[Math.floor(random() * pool.length)]!;
        if (!today.includes(candidate)) pick = candidate;
      }
      if (!pick) {
        const paper = source[next % source.length] as CorpusPaper;
        const round = Math.floor(next / source.length);
        // A paper without an arXiv id keeps none (its identity is its title) unless it is reused.
        pick = { paper, title: round === 0 ? paper.title : `${paper.title} (variant ${round + 1})`, id: round === 0 ? paper.arxiv_id : syntheticId(next, taken) };
        if (round > 0) variants += 1;
        next += 1;
      }
      today.push(pick);
      // Upvotes fall off down the day's list, as on the real trending page.
      const upvotes = Math.max(0, Math.round((count - i) * random() * 2));
      entries.push(hfEntry(pick.paper, pick.title, pick.id, day, upvotes));
    }
    writeFileSync(join(digests, `${day}.json`), `${JSON.stringify(entries, null, 2)}\n`);
    sightings += count;
    recent = [today, ...recent].slice(0, RETURNING_DAYS);
    days += 1;
    day = addDays(day, 1);
  }

  // Hand-written entries import components by alias (`~/components/…`), so they build from anywhere.
  for (const dir of ['topics', 'pages']) {
    const path = join(from, dir);
    if (existsSync(path)) cpSync(path, join(out, dir), { recursive: true });
    else mkdirSync(join(out, dir), { recursive: true });
  }
  return { out, sightings: total, papers: next, days, first: start, last: addDays(day, -1), variants };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string', default: '10000' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      'per-day': { type: 'string', default: '120' },
      start: { type: 'string', default: '2022-01-03' },
      from: { type: 'string', default: 'content' },
      corpus: { type: 'string', default: DEFAULT_CORPUS },
    },
  });
  if (!values.out) {
    console.error('usage: node scripts/make-archive.ts --papers 10000 --out /tmp/arch10k [--force] [--per-day 120] [--start YYYY-MM-DD]');
    process.exit(2);
  }
  try {
    const summary = makeArchive({
      papers: Number(values.papers),
      out: values.out,
      force: values.force,
      perDay: Number(values['per-day']),
      start: values.start,
      from: values.from,
      corpus: values.corpus,
    });
    console.log(
      `make-archive: ${summary.sightings} paper-days, ${summary.papers} distinct papers (${summary.variants} reused under a new title) over ${summary.days} days, ` +
        `${summary.first} to ${summary.last}, in ${summary.out}`,
    );
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  }
}
