/**
 * `node scripts/bench-cards.ts [--content DIR] [--kind papers] [--n 10000] [--runs 1]`:
 * what social cards cost on a cold build, through the code path the routes use.
 *
 * Reads a content root after ingest (papers, days, topics), makes each card's content as the
 * routes do (`paperCard`, `dayCard`, `topicCard`), plans them (`planCards`) and asks for their
 * PNGs one after the other (`plannedCardPng`), as Astro's static build does (one page at a
 * time on the main thread; the module draws ahead on libuv threads meanwhile). Each run uses
 * a new, empty card cache, so every card is drawn. Prints, per run: wall time, process CPU
 * time (all threads: `process.cpuUsage`) per card, and the PNG size distribution. CPU time is
 * the figure to compare on a shared machine; wall time is what a build waits.
 *
 * `--stages` also times the stages of drawing a card, one card at a time: layout, pixels,
 * PNG encoding.
 * `--save DIR` writes the PNGs of the first run (`DIR/<kind>/<id>.png`), to compare renderers:
 * `--compare A B` prints the pixel difference of the PNGs that both folders have.
 * `--reference DIR` writes, for the same cards, the card's whole SVG rasterized by librsvg in
 *   full colour (`svgToPng`): what both the old and the new renderer approximate.
 * `--module FILE` benchmarks another copy of `src/utils/cards.ts`, e.g. an earlier commit's:
 *   `mkdir -p .cache/old && git archive <commit> src | tar -x -C .cache/old`, then
 *   `--module .cache/old/src/utils/cards.ts` (run from the project root: fonts resolve from it).
 *
 * Make an archive first:
 *
 *   node scripts/make-archive.ts --papers 10000 --out .cache/cards-bench/content
 *   node scripts/ingest.ts --content .cache/cards-bench/content
 *   node scripts/bench-cards.ts --content .cache/cards-bench/content --n 2000 --runs 3
 *
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { parse as parseYaml } from 'yaml';
import type { Archive, Day, Paper, Topic } from '../src/data/archive.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    content: { type: 'string', default: '.cache/cards-bench/content' },
    kind: { type: 'string', default: 'papers' },
    n: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '1' },
    stages: { type: 'boolean', default: false },
    save: { type: 'string' },
    reference: { type: 'string' },
    module: { type: 'string', default: 'src/utils/cards.ts' },
    compare: { type: 'boolean', default: false },
  },
});

// ---------------------------------------------------------------------------------------
// Pixel comparison of two folders of PNGs.

async function compare(a: string, b: string): Promise<void> {
  const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.png'));
  const common = files(a).filter((f) => files(b).includes(f));
  let worstMean = { file: '', value: 0 };
  let worstMax = { file: '', value: 0 };
  let differing = 0;
  let totalMean = 0;
  let pixels = 0;
  let changedPixels = 0;
  for (const file of common) {
    const raw = (dir: string) => sharp(join(dir, file)).removeAlpha().raw().toBuffer();
    const [x, y] = await Promise.all([raw(a), raw(b)]);
    let sum = 0;
    let max = 0;
    let changed = 0;
    for (let i = 0; i < x.length; i += 3) {
      const d = Math.max(Math.abs(x[i]! - y[i]!), Math.abs(x[i + 1]! - y[i + 1]!), Math.abs(x[i + 2]! - y[i + 2]!));
      sum += d;
      if (d > max) max = d;
      if (d > 16) changed++;
    }
    const mean = sum / (x.length / 3);
    pixels += x.length / 3;
    changedPixels += changed;
    totalMean += mean;
    if (max > 0) differing++;
    if (mean > worstMean.value) worstMean = { file, value: mean };
    if (max > worstMax.value) worstMax = { file, value: max };
  }
  console.log(`compared ${common.length} cards: ${differing} differ at all; mean |Δ| per pixel ${(totalMean / common.length).toFixed(3)} (of 255), worst card ${worstMean.value.toFixed(3)} (${worstMean.file})`);
  console.log(`largest single-pixel |Δ| ${worstMax.value} (${worstMax.file}); pixels off by more than 16: ${((100 * changedPixels) / pixels).toFixed(3)}%`);
}

if (values.compare) {
  const [a, b] = positionals;
  if (!a || !b) throw new Error('--compare needs two folders');
  await compare(a, b);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------
// The archive, read from the content root as the collections would (only what cards use).

const root = resolve(values.content);
const frontmatter = (file: string) => parseYaml(readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '') as Record<string, unknown>;

function readArchive(): Archive {
  const papers = new Map<string, Paper>();
  for (const f of readdirSync(join(root, 'papers')).filter((f) => f.endsWith('.md')).sort()) {
    const id = f.replace(/\.md$/, '');
    // The schema's defaults (src/lib/schema.ts) for what cards read.
    const data = { authors: [], topics: [], ...frontmatter(join(root, 'papers', f)) };
    papers.set(id, { id, data } as unknown as Paper);
  }
  const days: Day[] = readdirSync(join(root, 'days'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(root, 'days', f), 'utf8')) as { date: string; source: string; papers: string[] })
    .map((d) => ({ date: d.date, source: d.source, papers: d.papers.map((s) => papers.get(s) as Paper) }))
    .sort((a, b) => b.date.localeCompare(a.date));
  const topics = new Map<string, Topic>();
  for (const f of readdirSync(join(root, 'topics')).filter((f) => /\.mdx?$/.test(f))) {
    const id = f.replace(/\.mdx?$/, '');
    topics.set(id, { id, data: frontmatter(join(root, 'topics', f)) } as unknown as Topic);
  }
  const papersByTopic = new Map<string, Paper[]>([...topics.keys()].map((t) => [t, []]));
  for (const paper of papers.values()) for (const t of paper.data.topics) papersByTopic.get(t)?.push(paper);
  return { papers, days, dayByDate: new Map(days.map((d) => [d.date, d])), topics, papersByTopic, newest: [], taxonomyDigest: '' };
}

type CardsModule = typeof import('../src/utils/cards.ts');

const archive = readArchive();
const n = Number(values.n);
const runs = Number(values.runs);
const kind = values.kind as 'papers' | 'days' | 'topics';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

for (let run = 1; run <= runs; run++) {
  // A fresh module (and so fresh caches of fonts, layers and counters) and an empty card cache each run.
  const cacheDir = mkdtempSync(join(resolve('.cache'), 'cards-bench-cache-'));
  process.env.DAYBOOK_CARD_CACHE = cacheDir;
  const store = globalThis as { __daybookCardStats?: unknown };
  delete store.__daybookCardStats;
  const cards = (await import(`${pathToFileURL(resolve(values.module)).href}?run=${run}`)) as CardsModule;

  const contents =
    kind === 'papers'
      ? [...archive.papers.values()].slice(0, n).map((paper) => ({ id: paper.id, content: cards.paperCard(archive, paper) }))
      : kind === 'days'
        ? archive.days.slice(0, n).map((day) => ({ id: day.date, content: cards.dayCard(day) }))
        : [...archive.topics.values()].slice(0, n).map((topic) => ({ id: topic.id, content: cards.topicCard(archive, topic) }));

  if (values.stages && run === 1) {
    // One card at a time, nothing overlapping: what each stage costs. Cards past the first
    // `warm` find the glyphs they need rasterized already, as most cards of a build do.
    const warm = Math.min(300, contents.length >> 1);
    const sample = contents.slice(warm, warm + 500);
    const time = async (label: string, fn: (i: number) => unknown) => {
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < sample.length; i++) await fn(i);
      const used = process.cpuUsage(cpu);
      console.log(`  ${label}: ${((used.user + used.system) / 1000 / sample.length).toFixed(2)} ms CPU, ${((performance.now() - t) / sample.length).toFixed(2)} ms wall per card`);
    };
    console.log(`stages (${sample.length} cards after the first ${warm}, one at a time):`);
    if ('cardOps' in cards) {
      for (const { content } of contents.slice(0, warm)) await cards.renderCard(content);
      let ops: ReturnType<typeof cards.cardOps>[] = [];
      await time('layout (content → drawing)', (i) => (ops[i] = cards.cardOps(sample[i]!.content)));
      const buffer = new Uint8Array(1200 * 630 * 3);
      await time('pixels (sprites → RGB)', (i) => cards.cardPixels(ops[i]!, buffer));
      const pixels = await Promise.all(ops.map((o) => cards.cardPixels(o)));
      ops = [];
      await time('PNG encoding', (i) => cards.encodeCard(pixels[i]!));
      await time('whole card (renderCard)', (i) => cards.renderCard(sample[i]!.content));
    } else {
      // An older module: the whole card's SVG rasterized by librsvg, then encoded.
      const old = cards as unknown as { cardSvgFor(c: unknown): string; svgToPng(svg: string): Promise<Buffer> };
      const svgs: string[] = [];
      await time('layout (content → SVG)', (i) => (svgs[i] = old.cardSvgFor(sample[i]!.content)));
      await time('whole card (SVG → PNG)', (i) => old.svgToPng(svgs[i]!));
    }
  }

  if (values.reference && run === 1) {
    const dir = join(resolve(values.reference), kind);
    mkdirSync(dir, { recursive: true });
    for (const { id, content } of contents) writeFileSync(join(dir, `${id}.png`), await cards.svgToPng(cards.cardSvgFor(content)));
  }

  const planned = cards.planCards(kind, contents);
  const out = values.save && run === 1 ? join(resolve(values.save), kind) : undefined;
  if (out) mkdirSync(out, { recursive: true });
  const sizes: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const card of planned) {
    const png = await cards.plannedCardPng(card);
    sizes.push(png.length);
    if (out) writeFileSync(join(out, `${card.id.slice(kind.length + 1)}.png`), png);
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  sizes.sort((a, b) => a - b);
  const over60 = sizes.filter((s) => s >= 60 * 1024).length;
  console.log(
    `run ${run}: ${planned.length} ${kind} cards in ${(wall / 1000).toFixed(2)} s wall (${(wall / planned.length).toFixed(2)} ms/card, ` +
      `→ ${((wall / planned.length) * 10).toFixed(1)} s for 10,000), CPU ${(cpuMs / planned.length).toFixed(2)} ms/card (${(cpuMs / wall).toFixed(2)} cores busy); ` +
      `PNG median ${kb(quantile(sizes, 0.5))}, p90 ${kb(quantile(sizes, 0.9))}, max ${kb(sizes[sizes.length - 1] ?? 0)}, ${over60} ≥ 60 KB`,
  );
  rmSync(cacheDir, { recursive: true, force: true });
}
// The module writes its counts at exit into the card cache folder: a scratch one, not a build's.
process.env.DAYBOOK_CARD_CACHE = resolve('.cache/cards-bench/last');
