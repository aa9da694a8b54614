/**
 * `npm run bench -- --part search [--papers 60000,120000] [--per-kind 10] [--out .cache/bench-finding]`
 * (or `node scripts/bench-finding.ts …`; `node scripts/bench-finding.ts --measure <dist> --seed N`
 * measures a site already built with the queries of seed N: size·10 + position, 0 at the month end): what finding a paper costs a reader, as a first search in
 * a fresh Chromium profile, on archives of that many distinct papers built from the bundled arXiv
 * corpus (scripts/make-archive.ts: real titles, abstracts, authors and ids, on real calendar dates).
 *
 * Each archive is built four times, its newest day at a month's end, then on the 1st, the 11th and
 * the 21st of the next month (the days are added as a maintainer adds them, and built
 * incrementally): where the newest day falls changes the newest search partition. At each, queries
 * of six kinds are drawn afresh (seeded) from the site's own open data (`/api/v1/archive-*.jsonl.gz`),
 * `--per-kind` of each, every one a distinct paper:
 *   - title:    a paper's exact title; found when it is the first result;
 *   - abstract: six consecutive words from anywhere in its abstract that no other abstract has in
 *               that order (as Pagefind reads words: "To address these challenges we propose" is in
 *               hundreds, and names none of them); found in the top 3;
 *   - rare:     a word only one abstract has (no other abstract has a word it begins); found in the top 3;
 *   - author:   a full author name (two words or more); found when the paper is among the first
 *               max(3, that author's papers) results and no result is another author's (the papers
 *               are listed ten at a time: "Show all" is pressed once the first search's bytes are counted);
 *   - id:       its arXiv id, in one of five spellings in turn (plain, `v2`, `arXiv:`, abs and pdf URLs); found first;
 *   - common:   a phrase most papers share ("diffusion models"); bytes only.
 * The archive repeats the corpus's 6,642 papers under new titles and ids once it has used them all,
 * abstracts included: a result with the target's very abstract counts as the target.
 *
 * Bytes: every byte the page downloads, gzip-compressed as most hosts serve it, from the navigation
 * until the network is quiet (Resource Timing's encoded body sizes). Results go to `<out>/results.json`.
 * A benchmark, not a test: it prints figures, it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { foldKey, matchPrefix, searchWords } from '../src/lib/search/query.ts';
import { stem } from '../src/lib/text/stem.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { serveForBench } from './lib/bench-server.ts';
import { addDays, makeArchive, seeded } from './make-archive.ts';

export const KINDS = ['title', 'abstract', 'rare', 'author', 'id', 'common'] as const;
type Kind = (typeof KINDS)[number];

const COMMON = [
  'diffusion models',
  'large language models',
  'reinforcement learning',
  'graph neural networks',
  'vision language model',
  'benchmark evaluation',
  'image generation',
  'chain of thought reasoning',
  'retrieval augmented generation',
  'multimodal agents',
];

/** Paper-days per distinct paper in scripts/make-archive.ts archives (a fifth of each day returns). */
const PAPERS_PER_PAPER_DAY = 0.78;
/** Days added after the cold build: the newest day on the 1st, then the 11th, then the 21st. */
const POSITIONS: { name: string; addThrough: number }[] = [
  { name: 'month end', addThrough: 0 },
  { name: '1st', addThrough: 1 },
  { name: '11th', addThrough: 11 },
  { name: '21st', addThrough: 21 },
];

interface PaperRecord {
  slug: string;
  title: string;
  abstract: string;
  authors: string[];
  arxivId: string | null;
}

interface Query {
  kind: Kind;
  q: string;
  /** The paper to find (none for common phrases). */
  target?: string;
  /** Papers that count as the target (the same abstract), and for an author, every paper of theirs. */
  accepted?: string[];
  /** Results must all be among these (an author's papers). */
  only?: string[];
}

interface Measured extends Query {
  bytes: number;
  found: boolean | undefined;
  rank: number;
  status: string;
}

/** Every paper of a built site, from its open data. */
function readRecords(dist: string): PaperRecord[] {
  const dir = join(dist, 'api/v1');
  return readdirSync(dir)
    .filter((f) => /^archive-\d{4}\.jsonl\.gz$/.test(f))
    .flatMap((f) =>
      gunzipSync(readFileSync(join(dir, f)))
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as PaperRecord),
    );
}

const VARIANT = /\(variant \d+\)$/;
const wordsOf = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Draws `perKind` queries of each kind, each of a distinct original paper. */
export function drawQueries(records: PaperRecord[], perKind: number, seed: number): Query[] {
  const random = seeded(seed);
  const originals = records.filter((r) => !VARIANT.test(r.title) && r.abstract.length > 200);
  const byAbstract = new Map<string, string[]>();
  for (const r of records) byAbstract.set(r.abstract, [...(byAbstract.get(r.abstract) ?? []), r.slug]);
  const used = new Set<string>();
  const pick = (ok: (r: PaperRecord) => boolean): PaperRecord | undefined => {
    for (let tries = 0; tries < 10_000; tries++) {
      const r = originals[Math.floor(random() * originals.length)]!;
      if (!used.has(r.slug) && ok(r)) {
        used.add(r.slug);
        return r;
      }
    }
    return undefined;
  };
  const queries: Query[] = [];
  const twins = (r: PaperRecord) => byAbstract.get(r.abstract) ?? [r.slug];

  for (let i = 0; i < perKind; i++) {
    const r = pick(() => true);
    if (r) queries.push({ kind: 'title', q: r.title, target: r.slug, accepted: [r.slug] });
  }
  const plain = /^[A-Za-z][A-Za-z'-]*[,.;:]?$/;
  const asSearched = (text: string): string => ` ${searchWords(text).map(stem).join(' ')} `;
  const searchedAbstracts = [...byAbstract.keys()].map((abstract) => ({ abstract, words: asSearched(abstract) }));
  const onlyAbstractWith = (passage: string, abstract: string): boolean => {
    const words = asSearched(passage);
    return searchedAbstracts.every((other) => other.abstract === abstract || !other.words.includes(words));
  };
  for (let i = 0; i < perKind; i++) {
    const r = pick((p) => wordsOf(p.abstract).length > 30);
    if (!r) break;
    const words = wordsOf(r.abstract);
    let q: string | undefined;
    for (let tries = 0; tries < 50 && !q; tries++) {
      const at = Math.floor(random() * (words.length - 6));
      const six = words.slice(at, at + 6);
      const passage = six.join(' ').replace(/[,.;:]/g, '');
      if (six.every((w) => plain.test(w)) && onlyAbstractWith(passage, r.abstract)) q = passage;
    }
    if (q) queries.push({ kind: 'abstract', q, target: r.slug, accepted: twins(r) });
  }

  // Stems by the distinct abstracts that have them, in order: Pagefind matches a word by its stem's
  // prefix (`confusing` finds `confused`), so a rare word is one whose prefix no other abstract has.
  // Its words are those Pagefind indexes: a hyphenated word also joined (`Claw-Eval` as `claweval`,
  // which `claw` matches), beside its parts.
  const abstractsOf = new Map<string, Set<string>>();
  for (const abstract of byAbstract.keys()) {
    const lower = abstract.toLowerCase();
    for (const w of [...lower.split(/[^a-z]+/), ...searchWords(lower)].map(stem)) {
      if (w.length < 2) continue;
      let set = abstractsOf.get(w);
      if (!set) abstractsOf.set(w, (set = new Set()));
      set.add(abstract);
    }
  }
  const vocabulary = [...abstractsOf.keys()].sort();
  const onlyIn = (word: string, abstract: string): boolean => {
    const prefix = matchPrefix(word);
    let lo = 0;
    for (let hi = vocabulary.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (vocabulary[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    for (; i < vocabulary.length && vocabulary[i]!.startsWith(prefix); i++) {
      const set = abstractsOf.get(vocabulary[i]!)!;
      if (set.size > 1 || !set.has(abstract)) return false;
    }
    return true;
  };
  for (let i = 0; i < perKind; i++) {
    let word: string | undefined;
    const r = pick((p) => {
      // Whole words as Pagefind reads them: a hyphenated word joined, no part of an address or a name with digits.
      const words = p.abstract.toLowerCase().split(/\s+/).map((token) => token.replace(/^\P{L}+|\P{L}+$/gu, ''));
      const rare = [...new Set(words.filter((w) => /^[a-z]+(-[a-z]+)*$/.test(w)).map((w) => w.replaceAll('-', '')))].filter((w) => w.length >= 7 && onlyIn(w, p.abstract));
      word = rare[Math.floor(random() * rare.length)];
      return word !== undefined;
    });
    if (r && word) queries.push({ kind: 'rare', q: word, target: r.slug, accepted: twins(r) });
  }

  // An author's papers as the site knows them: names folded like identities ("MengShi Qi" is "Mengshi Qi").
  const byAuthor = new Map<string, string[]>();
  for (const r of records) for (const a of new Set(r.authors.map(foldKey))) byAuthor.set(a, [...(byAuthor.get(a) ?? []), r.slug]);
  for (let i = 0; i < perKind; i++) {
    let name: string | undefined;
    const r = pick((p) => {
      const names = p.authors.filter((a) => /^\p{L}[\p{L}.'-]*(\s+\p{L}[\p{L}.'-]*)+$/u.test(a));
      name = names[Math.floor(random() * names.length)];
      return name !== undefined;
    });
    if (r && name) {
      const theirs = byAuthor.get(foldKey(name)) ?? [r.slug];
      queries.push({ kind: 'author', q: name, target: r.slug, accepted: [r.slug], only: theirs });
    }
  }

  const spellings = [(id: string) => id, (id: string) => `${id}v2`, (id: string) => `arXiv:${id}`, (id: string) => `https://arxiv.org/abs/${id}`, (id: string) => `https://arxiv.org/pdf/${id}v1`];
  for (let i = 0; i < perKind; i++) {
    const r = pick((p) => p.arxivId !== null);
    if (r) queries.push({ kind: 'id', q: spellings[i % spellings.length]!(r.arxivId!), target: r.slug, accepted: [r.slug] });
  }
  for (let i = 0; i < perKind; i++) queries.push({ kind: 'common', q: COMMON[i % COMMON.length]! });
  return queries;
}

/** One query as a reader's first search: every byte until the network is quiet, and the results' order. */
async function measureQuery(browser: Browser, url: string, query: Query): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript('performance.setResourceTimingBufferSize(100000)');
    await page.goto(`${url}search/?q=${encodeURIComponent(query.q)}`);
    await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-search-status]')?.textContent ?? '';
        return status.trim() !== '' && !document.querySelector('[data-search-results]')?.hasAttribute('aria-busy');
      },
      undefined,
      { timeout: 120_000 },
    );
    await page.waitForLoadState('networkidle');
    const bytes = await page.evaluate(() =>
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((n, e) => n + (e as PerformanceResourceTiming).encodedBodySize, 0),
    );
    // An author's papers are listed ten at a time: the reader's "Show all" lists the rest (after the bytes of the first search are counted).
    if (query.kind === 'author') {
      const showAll = page.locator('[data-search-results] button.search-more');
      if ((await showAll.count()) > 0) {
        await showAll.click();
        await showAll.waitFor({ state: 'detached' });
      }
    }
    const links = await page.$$eval('[data-search-results] .search-result__title a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    const slugs = links.map((l) => /\/papers\/([^/]+)\//.exec(l)?.[1] ?? l);
    const status = (await page.textContent('[data-search-status]')) ?? '';
    let found: boolean | undefined;
    let rank = -1;
    if (query.accepted) {
      const accepted = new Set(query.accepted);
      rank = slugs.findIndex((s) => accepted.has(s));
      const within = query.kind === 'title' || query.kind === 'id' ? 1 : query.kind === 'author' ? Math.max(3, query.only?.length ?? 0) : 3;
      found = rank >= 0 && rank < within;
      if (query.only) {
        const only = new Set(query.only);
        found &&= slugs.every((s) => only.has(s));
      }
    }
    return { ...query, bytes, found, rank, status };
  } finally {
    await context.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

export interface KindSummary {
  kind: Kind;
  queries: number;
  found: number | null;
  medianBytes: number;
  maxBytes: number;
}

export function summarize(runs: Measured[]): KindSummary[] {
  return KINDS.map((kind) => {
    const of = runs.filter((r) => r.kind === kind);
    const judged = of.filter((r) => r.found !== undefined);
    return {
      kind,
      queries: of.length,
      found: judged.length > 0 ? judged.filter((r) => r.found).length : null,
      medianBytes: median(of.map((r) => r.bytes)),
      maxBytes: Math.max(0, ...of.map((r) => r.bytes)),
    };
  });
}

/** Measures every query of a built site. */
export async function measureSite(dist: string, perKind: number, seed: number): Promise<Measured[]> {
  const queries = drawQueries(readRecords(dist), perKind, seed);
  const server = await serveForBench(dist, '/', true);
  const browser = await launchBrowser();
  try {
    const runs: Measured[] = [];
    for (const query of queries) runs.push(await measureQuery(browser, server.url, query));
    return runs;
  } finally {
    await browser.close();
    await server.close();
  }
}

function build(root: string): number {
  const start = performance.now();
  const run = spawnSync('npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: {
      ...process.env,
      DAYBOOK_CONTENT: join(root, 'content'),
      DAYBOOK_OUT: join(root, 'dist'),
      DAYBOOK_CACHE: join(root, 'astro-cache'),
      DAYBOOK_CARD_CACHE: join(root, 'cards'),
      DAYBOOK_SEARCH_CACHE: join(root, 'search-cache'),
      DAYBOOK_BASE: '/',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
  writeFileSync(join(root, `build-${Date.now()}.log`), `${run.stdout}\n${run.stderr}`);
  if (run.status !== 0) throw new Error(`the build of ${root} failed (exit ${run.status}); see its log there`);
  return (performance.now() - start) / 1000;
}

/** Prints each kind's figures, and the queries not found. */
function report(runs: Measured[]): void {
  const all = runs.map((r) => r.bytes);
  for (const k of summarize(runs)) console.log(`    ${k.kind.padEnd(9)} found ${k.found === null ? '—' : `${k.found}/${k.queries}`}, median ${kb(k.medianBytes)}, max ${kb(k.maxBytes)}`);
  console.log(`    all      median ${kb(median(all))}, max ${kb(Math.max(...all))}`);
  for (const miss of runs.filter((r) => r.found === false)) console.log(`      not found: ${miss.kind} “${miss.q}” (rank ${miss.rank}): ${miss.status}`);
}

/** The month end the archive's newest day falls on before the new days: its days run to the 21st after it. */
const MONTH_END = '2026-03-31';

export async function benchFinding(options: { papers: number[]; perKind: number; out: string }): Promise<void> {
  const results: Record<string, unknown>[] = [];
  for (const size of options.papers) {
    const root = join(options.out, String(size));
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const content = join(root, 'content');
    const paperDays = Math.ceil(size / PAPERS_PER_PAPER_DAY);
    // Once to count its days, then dated so that the 21 days after the month end are its last.
    const draft = makeArchive({ papers: paperDays, out: content, force: true });
    const start = addDays(MONTH_END, 21 - (draft.days - 1));
    const archive = makeArchive({ papers: paperDays, out: content, force: true, start });
    if (archive.last !== addDays(MONTH_END, 21)) throw new Error(`the archive ends on ${archive.last}, not ${addDays(MONTH_END, 21)}`);
    const held = join(root, 'held');
    mkdirSync(held, { recursive: true });
    const digests = join(content, 'digests');
    for (const file of readdirSync(digests)) if (file.slice(0, 10) > MONTH_END) renameSync(join(digests, file), join(held, file));
    console.log(`${size.toLocaleString('en')} papers: ${archive.papers.toLocaleString('en')} papers in ${archive.days} days, ${archive.first} to ${archive.last}`);
    for (const [i, position] of POSITIONS.entries()) {
      const through = addDays(MONTH_END, position.addThrough);
      for (const file of readdirSync(held)) if (file.slice(0, 10) <= through) renameSync(join(held, file), join(digests, file));
      const seconds = build(root);
      const dist = join(root, 'dist');
      const manifest = JSON.parse(readFileSync(join(dist, 'pagefind/partitions.json'), 'utf8')) as { papers: number; partitions: unknown[]; terms: unknown[]; keys: { shards: number } };
      const runs = await measureSite(dist, options.perKind, size * 10 + i);
      const kinds = summarize(runs);
      const all = runs.map((r) => r.bytes);
      results.push({ size, position: position.name, newest: through, buildSeconds: seconds, papers: manifest.papers, partitions: manifest.partitions.length, termChunks: manifest.terms.length, keyShards: manifest.keys.shards, kinds, medianBytes: median(all), maxBytes: Math.max(...all), runs });
      console.log(`  newest day ${through} (${position.name}), built in ${seconds.toFixed(0)} s: ${manifest.papers.toLocaleString('en')} papers, ${manifest.partitions.length} partitions`);
      report(runs);
      writeFileSync(join(options.out, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string', default: '60000,120000' },
      'per-kind': { type: 'string', default: '10' },
      out: { type: 'string', default: '.cache/bench-finding' },
      // Measures a site already built (its `dist/`) instead, with the queries of that seed.
      measure: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (values.measure) {
    const runs = await measureSite(resolve(values.measure), Number(values['per-kind']), Number(values.seed));
    report(runs);
    writeFileSync(join(resolve(values.out), `measured-${values.seed}.json`), `${JSON.stringify(runs, null, 1)}\n`);
    process.exit(0);
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  if (!existsSync('node_modules/.bin/astro')) throw new Error('run npm install first');
  await benchFinding({ papers: values.papers.split(',').map(Number), perKind: Number(values['per-kind']), out });
}
