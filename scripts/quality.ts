/**
 * Quality report for topics, key phrases and related papers on the 30-day arXiv corpus.
 *
 *   node scripts/quality.ts [report.json] [--quick] [--topics-only] [--taxonomy DIR] [--mistakes]
 *
 * Topic precision is judged against hand labels (tests/fixtures/topic-labels.jsonl, see
 * scripts/lib/quality/topic-labels.ts), the tuning and held-out halves reported apart; `--taxonomy`
 * scores another folder of topic files (an older taxonomy: its slugs are read through the current
 * one's aliases), `--mistakes` lists the wrong filings of the tuning half, `--topics-only` stops
 * after the topic figures.
 *
 * Related-paper quality uses arXiv categories as weak labels: the share of related papers
 * whose primary (first) category is the source's primary category, and the share sharing any
 * category. Measured on the first 3,000 distinct papers of the corpus in file order (the file
 * repeats cross-listed papers; repeats of an id are dropped), each paper's related papers drawn
 * from those 3,000. Timings are CPU seconds of this process (wall seconds alongside); `--quick`
 * skips the synthetic 75,000-paper run.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildRelated, relatedIds, relatedRebuildReason, updateRelated } from '../src/lib/related/index.ts';
import { baselineRelated } from './lib/quality/baseline.ts';
import { categoryShares } from './lib/quality/evaluate.ts';
import { readTopicLabels, topicPrecision } from './lib/quality/topic-labels.ts';
import type { Split, TopicPrecision } from './lib/quality/topic-labels.ts';
import type { RelatedInput, RelatedState } from '../src/lib/related/index.ts';
import { assignTopics, buildPhraseStats, keyPhrases, loadTaxonomy, parseTopicMarkdown } from '../src/lib/topics/index.ts';
import type { Taxonomy } from '../src/lib/topics/index.ts';

const ROOT = join(import.meta.dirname, '..');
const CORPUS = join(ROOT, 'tests', 'fixtures', 'arxiv-daily-30-days.jsonl.gz');
const LABELS = join(ROOT, 'tests', 'fixtures', 'topic-labels.jsonl');
const TOPICS = join(ROOT, 'content', 'topics');
const SAMPLE = 3000;
const DAY = 120;

interface Rec {
  id: string;
  title: string;
  abstract: string;
  categories: string[];
}

function readCorpus(): Rec[] {
  return gunzipSync(readFileSync(CORPUS))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const p = JSON.parse(line) as { arxiv_id: string; title: string; abstract: string; categories: string[] };
      return { id: p.arxiv_id, title: p.title, abstract: p.abstract, categories: p.categories };
    });
}

function distinct(records: readonly Rec[]): Rec[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.id) && seen.add(r.id) !== undefined);
}

function readTaxonomy(dir: string): Taxonomy {
  const names = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  return loadTaxonomy(names.map((n) => parseTopicMarkdown(join(dir, n), readFileSync(join(dir, n), 'utf8'))));
}

function labelReport(papers: readonly Rec[], assigned: readonly string[][], current: Taxonomy): Record<Split, TopicPrecision> {
  const byId = new Map(papers.map((p, i) => [p.id, assigned[i] ?? []]));
  const labels = readTopicLabels(LABELS);
  const of = (split: Split) => topicPrecision(labels.filter((l) => l.split === split), byId, current);
  return { tune: of('tune'), heldout: of('heldout') };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** n papers made from the corpus records: copy c of record r gets id `s<c>-<r>`, "(c)" after its title and one sentence dropped. */
function synthesize(records: readonly Rec[], n: number): Rec[] {
  return Array.from({ length: n }, (_, i) => {
    const r = records[i % records.length] as Rec;
    const copy = Math.floor(i / records.length);
    const sentences = r.abstract.split(/(?<=\.)\s+/);
    if (copy > 0 && sentences.length > 2) sentences.splice(copy % sentences.length, 1);
    return { id: `s${copy}-${i % records.length}`, title: copy > 0 ? `${r.title} (${copy})` : r.title, abstract: sentences.join(' '), categories: r.categories };
  });
}

interface Timed<T> {
  value: T;
  cpu: number;
  wall: number;
}

function timed<T>(run: () => T): Timed<T> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = run();
  const cpu = process.cpuUsage(cpu0);
  return { value, cpu: round((cpu.user + cpu.system) / 1e6, 1), wall: round((performance.now() - wall0) / 1000, 1) };
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1e3);
}

function topicReport(papers: readonly Rec[], taxonomy: Taxonomy) {
  const run = timed(() => papers.map((p) => assignTopics(p, taxonomy)));
  const counts = new Map<string, number>();
  const perPaper = [0, 0, 0, 0, 0];
  let covered = 0;
  for (const topics of run.value) {
    perPaper[topics.length] = (perPaper[topics.length] ?? 0) + 1;
    if (topics.some((s) => taxonomy.bySlug.get(s)?.catchAll === false)) covered++;
    for (const s of topics) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const distribution = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([slug, n]) => ({ slug, papers: n, share: round(n / papers.length) }));
  return {
    papers: papers.length,
    topics: taxonomy.topics.length,
    coverage: round(covered / papers.length),
    maxShare: distribution[0]?.share ?? 0,
    maxShareTopic: distribution[0]?.slug ?? '',
    topicsPerPaper: Object.fromEntries(perPaper.map((n, i) => [i, n])),
    distribution,
    seconds: run.cpu,
    assigned: run.value,
  };
}

function keyPhraseReport(papers: readonly Rec[]) {
  const run = timed(() => {
    const stats = buildPhraseStats(papers);
    return papers.map((p) => keyPhrases(p, stats));
  });
  const perPaper: Record<number, number> = {};
  for (const list of run.value) perPaper[list.length] = (perPaper[list.length] ?? 0) + 1;
  return { perPaper, seconds: run.cpu, examples: papers.slice(0, 5).map((p, i) => ({ title: p.title, keyPhrases: run.value[i] })) };
}

/** Category shares, rounded for the report. */
function shares(papers: readonly Rec[], related: ReadonlyMap<string, string[]>) {
  const { pairs, primary, any } = categoryShares(papers, related);
  return { pairs, primary: round(primary), any: round(any) };
}

function withTopics(papers: readonly Rec[], assigned: readonly string[][]): RelatedInput[] {
  return papers.map((p, i) => ({ id: p.id, title: p.title, abstract: p.abstract, topics: assigned[i] ?? [] }));
}

function relatedQuality(papers: readonly Rec[], assigned: readonly string[][]) {
  const ours = timed(() => relatedIds(buildRelated(withTopics(papers, assigned))));
  const textOnly = timed(() => relatedIds(buildRelated(papers)));
  const baseline = timed(() => baselineRelated(papers));
  return {
    papers: papers.length,
    ours: { ...shares(papers, ours.value), seconds: ours.cpu },
    oursTextOnly: { ...shares(papers, textOnly.value), seconds: textOnly.cpu },
    baselineTfidfCosine: { ...shares(papers, baseline.value), seconds: baseline.cpu },
  };
}

function sameState(a: RelatedState, b: RelatedState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function incremental(papers: readonly RelatedInput[]) {
  const before = papers.slice(0, papers.length - DAY);
  const full = timed(() => buildRelated(before));
  const cache = JSON.parse(JSON.stringify(full.value)) as RelatedState;
  const reason = relatedRebuildReason(cache, papers);
  const update = timed(() => updateRelated(cache, papers));
  return { before: before.length, added: DAY, fullSeconds: full.cpu, updateSeconds: update.cpu, reused: reason === '', reason, state: update.value };
}

function scaleRun(label: string, papers: readonly Rec[], taxonomy: Taxonomy, withIncremental: boolean) {
  const topics = timed(() => papers.map((p) => assignTopics(p, taxonomy)));
  const phrases = timed(() => {
    const stats = buildPhraseStats(papers);
    return papers.map((p) => keyPhrases(p, stats)).length;
  });
  const inputs = withTopics(papers, topics.value);
  const related = timed(() => buildRelated(inputs));
  const cacheBytes = JSON.stringify(related.value).length;
  const result = {
    label,
    papers: papers.length,
    topics: { cpu: topics.cpu, wall: topics.wall },
    keyPhrases: { cpu: phrases.cpu, wall: phrases.wall },
    relatedFull: { cpu: related.cpu, wall: related.wall },
    cacheMb: mb(cacheBytes),
    rssMb: mb(process.memoryUsage().rss),
    peakRssMb: peakRssMb(),
    incremental: undefined as undefined | { before: number; added: number; fullSeconds: number; updateSeconds: number; reused: boolean; identicalToFull: boolean },
  };
  if (withIncremental) {
    const inc = incremental(inputs);
    result.incremental = { before: inc.before, added: inc.added, fullSeconds: inc.fullSeconds, updateSeconds: inc.updateSeconds, reused: inc.reused, identicalToFull: sameState(inc.state, related.value) };
    result.peakRssMb = peakRssMb();
  }
  return result;
}

function main(): void {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const taxonomyAt = args.indexOf('--taxonomy');
  const taxonomyDir = taxonomyAt === -1 ? TOPICS : (args[taxonomyAt + 1] ?? TOPICS);
  const out = args.find((a, i) => !a.startsWith('--') && i !== taxonomyAt + 1);
  const records = readCorpus();
  const papers = distinct(records);
  const taxonomy = readTaxonomy(taxonomyDir);

  const topics = topicReport(papers, taxonomy);
  console.log(`corpus: ${records.length} records, ${papers.length} distinct papers; taxonomy: ${taxonomy.topics.length} topics`);
  console.log(`topics: coverage ${(topics.coverage * 100).toFixed(1)}% (a non-catch-all topic), max share ${(topics.maxShare * 100).toFixed(1)}% (${topics.maxShareTopic}), per paper ${JSON.stringify(topics.topicsPerPaper)}`);
  for (const d of topics.distribution) console.log(`  ${d.slug.padEnd(40)} ${String(d.papers).padStart(5)}  ${(d.share * 100).toFixed(1)}%`);
  const precision = labelReport(papers, topics.assigned, taxonomyDir === TOPICS ? taxonomy : readTaxonomy(TOPICS));
  for (const split of ['tune', 'heldout'] as const) {
    const p = precision[split];
    console.log(`topics vs hand labels (${split}, ${p.papers} papers): main topic right ${pct(p.mainRight)}, all assigned right ${pct(p.allRight)}, papers with a wrong topic ${pct(p.anyWrong)}, coverage ${pct(p.coverage)}, ${p.topicsPerPaper} topics per filed paper`);
  }
  if (args.includes('--mistakes')) {
    const titles = new Map(papers.map((p) => [p.id, p.title]));
    for (const m of precision.tune.mistakes) console.log(`  ${m.id} ${(titles.get(m.id) ?? '').slice(0, 70)}\n    assigned ${m.assigned.join(' ')} | wrong ${m.wrong.join(' ')} | ok ${m.acceptable.join(' ')}`);
  }
  if (args.includes('--topics-only')) return;

  const phrases = keyPhraseReport(papers);
  console.log(`key phrases per paper: ${JSON.stringify(phrases.perPaper)}`);
  for (const e of phrases.examples) console.log(`  ${e.title.slice(0, 70)}\n    ${(e.keyPhrases ?? []).join(' | ')}`);

  const sample = papers.slice(0, SAMPLE);
  const quality = relatedQuality(sample, topics.assigned.slice(0, SAMPLE));
  const qualityAll = relatedQuality(papers, topics.assigned);
  for (const [label, q] of [[`first ${SAMPLE} distinct papers`, quality], [`all ${papers.length} distinct papers`, qualityAll]] as const) {
    console.log(`related (${label}): primary-category share / any-category share`);
    console.log(`  ours (log tf x idf^0.5 cosine; stems + bigrams; title x2; topic terms): ${q.ours.primary} / ${q.ours.any}`);
    console.log(`  ours, text only (no topic terms):                                      ${q.oursTextOnly.primary} / ${q.oursTextOnly.any}`);
    console.log(`  baseline: plain tf-idf cosine (arxiv-sanity style):                    ${q.baselineTfidfCosine.primary} / ${q.baselineTfidfCosine.any}`);
  }

  const scale = [scaleRun('all corpus records (repeated ids made distinct)', synthesize(records, records.length), taxonomy, true)];
  if (!quick) scale.push(scaleRun('synthetic 75,000', synthesize(records, 75_000), taxonomy, true));
  for (const s of scale) {
    console.log(`scale ${s.papers} (${s.label}): topics ${s.topics.cpu}s, key phrases ${s.keyPhrases.cpu}s, related full ${s.relatedFull.cpu}s cpu (${s.relatedFull.wall}s wall), cache ${s.cacheMb} MB, peak RSS ${s.peakRssMb} MB`);
    if (s.incremental) {
      console.log(`  incremental: +${s.incremental.added} papers on ${s.incremental.before}: ${s.incremental.updateSeconds}s (full ${s.incremental.fullSeconds}s), cache reused ${s.incremental.reused}, identical to full recompute: ${s.incremental.identicalToFull}`);
    }
  }

  if (out !== undefined) {
    const { assigned: _assigned, ...topicFigures } = topics;
    const report = {
      corpus: { records: records.length, distinctPapers: papers.length, relatedSample: `first ${SAMPLE} distinct papers in file order` },
      topics: { ...topicFigures, labels: Object.fromEntries(Object.entries(precision).map(([split, { mistakes: _m, ...figures }]) => [split, figures])) },
      keyPhrases: phrases,
      related: { sample: quality, all: qualityAll },
      scale,
      peakRssMb: peakRssMb(),
    };
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${out}`);
  }
}

main();
