/**
 * Social cards: TeX shown plainly, text cut to whole words with an ellipsis, hostile text kept
 * as text, every card a 1200×630 PNG that keeps the logo's colours and leaves the foot alone,
 * the disk cache, which papers get a card of their own, and the icons.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import { selectAll } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { textContent } from 'domutils';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { cardCounts, cardKey, cardPng } from '../../src/cards/cache.ts';
import { dayCard, paperCard, topicCard } from '../../src/cards/content.ts';
import { hasOwnCard, inCardWindow, paperCardPath } from '../../src/lib/card-window.ts';
import type { CardContent } from '../../src/cards/content.ts';
import { ICONS, iconPng } from '../../src/cards/icons.ts';
import { cardMarkup, drawable, fitLines, renderCard } from '../../src/cards/render.ts';
import type { Archive, Day, Paper, Topic } from '../../src/data/archive.ts';
import { plainTitle } from '../../src/lib/text/tex.ts';
import { formatShortDay } from '../../src/utils/format.ts';

/** Every distinct title and author of the bundled arXiv corpus. */
const corpus = gunzipSync(readFileSync('tests/fixtures/arxiv-daily-30-days.jsonl.gz'))
  .toString('utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { title: string; authors?: string[] });
const corpusTitles = [...new Set(corpus.map((row) => row.title.replace(/\s+/g, ' ').trim()))];
const longest = [...corpusTitles].sort((a, b) => b.length - a.length).slice(0, 12);

const HOSTILE = '<script>alert("x")</script> & ]]> \'quoted\' "double" <![CDATA[ x ]]> &amp; 😀 中文标题 Ωmega\u0000\u0007\uD800 </span><span foreground="red"> end';

/** RGB pixels of a PNG. */
async function pixels(png: Buffer): Promise<Buffer> {
  return sharp(png).removeAlpha().raw().toBuffer();
}
const pixel = (data: Buffer, x: number, y: number) => [...data.subarray((y * 1200 + x) * 3, (y * 1200 + x) * 3 + 3)];

async function expectCard(png: Buffer, label: string): Promise<Buffer> {
  const meta = await sharp(png).metadata();
  expect([meta.format, meta.width, meta.height, meta.hasAlpha], label).toEqual(['png', 1200, 630, false]);
  expect(png.length, label).toBeLessThan(60 * 1024);
  const data = await pixels(png);
  // The logo's amber band and blue frame keep their colours (a small palette can lose them).
  const near = (rgb: number[], hex: string) => rgb.every((v, i) => Math.abs(v - parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16)) < 16);
  expect(near(pixel(data, 106, 564), '#e0a43a'), `${label}: amber ${pixel(data, 106, 564)}`).toBe(true);
  expect(near(pixel(data, 86, 580), '#1f5f8b'), `${label}: blue ${pixel(data, 86, 580)}`).toBe(true);
  // Nothing is drawn between the text block and the rule above the foot, nor under the top bar.
  for (const y of [20, 500, 510, 519]) for (let x = 0; x < 1200; x += 7) expect(near(pixel(data, x, y), '#fbfaf7'), `${label} at ${x},${y}`).toBe(true);
  return data;
}

describe('plainTitle (TeX shown plainly)', () => {
  it('converts the TeX of real titles from the corpus', () => {
    const cases: [string, string][] = [
      ['U$^2$Mamba: A Two-level Nested U-structure Mamba for Salient Object Detection', 'U²Mamba: A Two-level Nested U-structure Mamba for Salient Object Detection'],
      ['The Tell-Tale Norm: $\\ell_2$ Magnitude as a Signal for Reasoning Dynamics in Large Language Models', 'The Tell-Tale Norm: ℓ₂ Magnitude as a Signal for Reasoning Dynamics in Large Language Models'],
      ['P\\textsuperscript{2}-DPO: Grounding Hallucination in Perceptual Processing via Calibration Direct Preference Optimization', 'P²-DPO: Grounding Hallucination in Perceptual Processing via Calibration Direct Preference Optimization'],
      ['\\textsc{CR-Seg}: Attention-Guided and CoT-Enhanced Coarse-to-Refined Reasoning Segmentation', 'CR-Seg: Attention-Guided and CoT-Enhanced Coarse-to-Refined Reasoning Segmentation'],
      ['$\\text{VG}^2$GT: Voxel-Gaussian Splatting Visual Geometry Grounded Transformer', 'VG²GT: Voxel-Gaussian Splatting Visual Geometry Grounded Transformer'],
      ['SHERPA: Seam-aware Harmonized ERP Adaptation for Open-Domain 360$^\\circ$ Panorama Generation', 'SHERPA: Seam-aware Harmonized ERP Adaptation for Open-Domain 360° Panorama Generation'],
      ["Hybrid Classical-Quantum (HCQ) Alzheimer's Classification via Supervised $β$-VAE and Quantum Kernels", "Hybrid Classical-Quantum (HCQ) Alzheimer's Classification via Supervised β-VAE and Quantum Kernels"],
      ['A Lean-Certified Proof of $K_8(4, 2) = 23$', 'A Lean-Certified Proof of K₈(4, 2) = 23'],
      ['QEC and EAQEC Codes from Hermitian Sums and Hulls of Cyclic Codes over $\\mathbb{F}_2 \\times (\\mathbb{F}_2+v\\mathbb{F}_2)$', 'QEC and EAQEC Codes from Hermitian Sums and Hulls of Cyclic Codes over F₂ × (F₂+vF₂)'],
    ];
    for (const [title, plain] of cases) {
      expect(corpusTitles, title).toContain(title);
      expect(plainTitle(title)).toBe(plain);
    }
    // Not from the corpus: Greek commands, and prices that are not math (a bundled digest's title).
    expect(plainTitle('Estimating $\\alpha$ with $\\Delta$-rules')).toBe('Estimating α with Δ-rules');
    expect(plainTitle('DumpsterCluster: From Dumpster Diving to Serving LLaMA-70B on $60 GPUs')).toBe('DumpsterCluster: From Dumpster Diving to Serving LLaMA-70B on $60 GPUs');
    expect(plainTitle('From $5 to $10 a run')).toBe('From $5 to $10 a run');
    // Bundled digests' titles whose `$` was lost upstream: the caret is still a superscript.
    expect(plainTitle('A^2Nav: Action-Aware Zero-Shot Robot Navigation')).toBe('A²Nav: Action-Aware Zero-Shot Robot Navigation');
    expect(plainTitle('R^3-Bench: LLMs Struggle')).toBe('R³-Bench: LLMs Struggle');
    expect(plainTitle('2^n states, x^{ab}')).toBe('2^n states, x^{ab}');
  });

  it('leaves no TeX markup in any corpus title, plain titles unchanged, and every character one Inter has', () => {
    for (const title of corpusTitles) {
      const plain = plainTitle(title);
      expect(plain, title).not.toMatch(/\\[A-Za-z]/);
      // Only markup changes a title: TeX (backslash, math, scripts, quotes and dashes) and Markdown emphasis.
      if (!/[\\$^*_`]|''|--/.test(title)) expect(plain).toBe(title);
      expect(drawable(plain), title).toBe(plain);
    }
    for (const author of new Set(corpus.flatMap((row) => row.authors ?? []))) expect(drawable(author)).toBe(author.replace(/\s+/g, ' ').trim());
  });
});

describe('card text', () => {
  it('keeps text that fits whole, else its first words and an ellipsis', () => {
    expect(fitLines('a short title', 20, 1)).toEqual({ text: 'a short title', cut: false });
    expect(fitLines('one two three four five six', 10, 2)).toEqual({ text: 'one two three…', cut: true });
    // Punctuation before the cut goes; a word longer than the lines is cut anywhere.
    expect(fitLines('alpha, beta, gamma, delta', 12, 1).text).toBe('alpha, beta…');
    expect(fitLines('x'.repeat(50), 10, 2).text).toBe(`${'x'.repeat(19)}…`);
    for (const title of longest) {
      const { text, cut } = fitLines(title, 40, 3);
      expect(cut, title).toBe(true);
      expect(title.startsWith(text.slice(0, -1)), title).toBe(true);
      expect(text.length).toBeLessThanOrEqual(3 * 40 + 2); // three lines and the two spaces between them
    }
  });

  it('drops what Inter cannot draw (other scripts, emoji, controls) and stands in for a few symbols', () => {
    expect(drawable('Ωmega ∼ 中文 😀 end\u0000\u200b')).toBe('Ωmega ~ end');
    expect(drawable('a\n\tb\u00a0c')).toBe('a b\u00a0c');
  });

  it('escapes hostile text: the markup is only the card’s own spans, the text is as written', () => {
    const markup = cardMarkup({ eyebrow: 'Trending <b>', title: HOSTILE, subtitle: ['A & B <i>'], tags: ['<x>', 'a"b'], list: ['</span>'] });
    expect(markup).not.toMatch(/<(?!\/?span[ >])/);
    const doc = parseDocument(`<root>${markup}</root>`, { xmlMode: true });
    const elements = selectAll<AnyNode, Element>('*', doc);
    expect(new Set(elements.map((el) => el.name))).toEqual(new Set(['root', 'span']));
    for (const el of elements) for (const name of Object.keys(el.attribs)) expect(['size', 'foreground', 'weight', 'line_height']).toContain(name);
    const text = textContent(doc);
    expect(text).toContain('<script>alert("x")</script> & ]]> \'quoted\' "double" <![CDATA[ x ]]> &amp;');
    expect(text).toContain('A & B <i>');
    expect(text).not.toMatch(/[\u0000\u0007\uD800]/);
  });
});

// ---------------------------------------------------------------------------------------
// Which papers get a card of their own.

const topic = (id: string, name: string) => ({ id, data: { name, description: `All about ${name}.` } }) as unknown as Topic;
const paper = (id: string, days: string[], topics: string[] = []) =>
  ({ id, data: { title: `Paper ${id}`, days, topics, authors: ['Ada Lovelace', 'Alan Turing'], arxivId: '2611.01234' } }) as unknown as Paper;

function archiveOf(papers: Paper[], topics: Topic[]): Archive {
  const dates = [...new Set(papers.flatMap((p) => p.data.days))].sort().reverse();
  const days: Day[] = dates.map((date) => ({ date, source: 'json', papers: papers.filter((p) => p.data.days.includes(date)) }));
  return {
    papers: new Map(papers.map((p) => [p.id, p])),
    entries: new Map(),
    days,
    dayByDate: new Map(days.map((d) => [d.date, d])),
    topics: new Map(topics.map((t) => [t.id, t])),
    papersByTopic: new Map(topics.map((t) => [t.id, papers.filter((p) => p.data.topics.includes(t.id))])),
    newest: papers,
    taxonomyHash: '',
    fingerprint: '',
  };
}

describe('the card window', () => {
  const topics = [topic('agents', 'Agents'), topic('vision', 'Vision')];
  const papers = [
    paper('today', ['2026-11-24'], ['agents']),
    paper('day-6', ['2026-11-18', '2026-11-24'], ['vision']),
    paper('day-7', ['2026-11-17'], ['vision', 'agents']),
    paper('old-gone-topic', ['2026-08-05'], ['removed', 'agents']),
    paper('old-no-topic', ['2026-08-05']),
  ];
  const archive = archiveOf(papers, topics);

  it('gives a card of its own to papers first seen less than 7 days before the newest day', () => {
    expect(papers.map((p) => hasOwnCard(archive, p, 7))).toEqual([true, true, false, false, false]);
  });

  it('counts whole days from the first day to the newest, and no card without either', () => {
    expect(inCardWindow('2026-11-18', '2026-11-24', 7)).toBe(true);
    expect(inCardWindow('2026-11-17', '2026-11-24', 7)).toBe(false);
    expect(inCardWindow('2026-11-24', '2026-11-24', 1)).toBe(true);
    expect(inCardWindow('2026-11-23', '2026-11-24', 1)).toBe(false);
    expect(inCardWindow(undefined, '2026-11-24', 7)).toBe(false);
    expect(inCardWindow('2026-11-24', undefined, 7)).toBe(false);
  });

  it('points older papers at their first existing topic’s card, else their first day’s', () => {
    expect(papers.map((p) => paperCardPath(archive, p, 7))).toEqual([
      '/og/papers/today.png',
      '/og/papers/day-6.png',
      '/og/topics/vision.png',
      '/og/topics/agents.png',
      '/og/days/2026-08-05.png',
    ]);
  });

  it('says on each card what its page is about', () => {
    const card = paperCard(archive, papers[1] as Paper);
    expect(card).toMatchObject({ eyebrow: `Trended on 2 days, ${formatShortDay('2026-11-18')} – ${formatShortDay('2026-11-24')}`, title: 'Paper day-6', tags: ['Vision'], footer: 'arXiv:2611.01234' });
    expect(card.subtitle).toEqual(['Ada Lovelace, Alan Turing', 'Ada Lovelace and 1 more']);
    expect(dayCard(archive.days[0] as Day)).toMatchObject({ eyebrow: 'Tuesday', subtitle: '2 papers, 1 new', list: ['Paper today', 'Paper day-6'] });
    expect(topicCard(archive, topics[0] as Topic)).toMatchObject({ title: 'Agents', footer: '3 papers' });
  });
});

// ---------------------------------------------------------------------------------------
// Pictures and the cache.

const cacheDir = mkdtempSync(join(tmpdir(), 'daybook-cards-'));
process.env.DAYBOOK_CARD_CACHE = cacheDir;
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('cards as PNG', () => {
  const shapes: [string, CardContent][] = [
    ['paper', { eyebrow: 'Trending on 24 November 2026', title: 'Neural Arithmetic Logic Units', subtitle: ['Andrew Trask, Felix Hill, Scott Reed'], tags: ['Architectures', 'Reasoning'], footer: 'arXiv:1808.00508' }],
    ['day', { eyebrow: 'Tuesday', title: 'Trending papers of 24\u00a0November\u00a02026', subtitle: '119 papers, 119 new', list: longest.slice(0, 3), footer: 'and 116 more papers' }],
    ['topic', { eyebrow: 'Topic', title: 'Agents and tool use', subtitle: 'Plans, tools and actions. '.repeat(12), subtitleLines: 3, footer: '42 papers' }],
    ['hostile', { eyebrow: HOSTILE, title: HOSTILE, fallbackTitle: HOSTILE, subtitle: [HOSTILE], list: [HOSTILE], tags: [HOSTILE, HOSTILE], footer: HOSTILE }],
    ['nothing drawable', { eyebrow: '', title: '中文 😀', subtitle: '\u200b', footer: ' ' }],
    ['overlong words', { eyebrow: 'W'.repeat(300), title: 'W'.repeat(600), subtitle: ['M'.repeat(400)], tags: ['Q'.repeat(200)], footer: 'W'.repeat(200) }],
  ];

  it('renders every card shape, hostile text too, to an opaque 1200×630 PNG that keeps its colours and its foot', async () => {
    for (const [label, content] of shapes) await expectCard(await renderCard(content), label);
  });

  it('fits the longest corpus titles above the foot, with authors and topics', async () => {
    for (const title of longest.slice(0, 6)) {
      await expectCard(await renderCard({ eyebrow: 'Trended on 3 days, 5 Aug 2026 – 24 Nov 2026', title, subtitle: ['An Author, Another Author and 12 more'], tags: ['Language models', 'Agents', 'Reinforcement learning', 'Evaluation'], footer: 'arXiv:2611.01234' }), title);
    }
  });

  it('draws a card once: the second time it comes from the disk cache, byte for byte', async () => {
    const content = shapes[0]?.[1] as CardContent;
    const before = { ...cardCounts };
    const first = await cardPng(content);
    const second = await cardPng(content);
    expect(second.equals(first)).toBe(true);
    expect(cardCounts.rendered - before.rendered).toBe(1);
    expect(cardCounts.cached - before.cached).toBe(1);
    const key = cardKey(content);
    expect(readdirSync(join(cacheDir, key.slice(0, 2)))).toEqual([`${key}.png.sealed`]);
    // Another content is another card; the same content is the same key.
    expect(cardKey({ ...content, title: 'Another title' })).not.toBe(key);
    expect(cardKey(structuredClone(content))).toBe(key);
  });

  it('draws a damaged cached card again: cut short, emptied or garbage', async () => {
    const content = { ...(shapes[0]?.[1] as CardContent), title: 'A card whose cache file is damaged' };
    const file = join(cacheDir, cardKey(content).slice(0, 2), `${cardKey(content)}.png.sealed`);
    const drawn = await cardPng(content);
    for (const damaged of [readFileSync(file).subarray(0, 5000), Buffer.alloc(0), randomBytes(30_000)]) {
      writeFileSync(file, damaged);
      const before = { ...cardCounts };
      const png = await cardPng(content);
      expect(png.equals(drawn)).toBe(true);
      expect(cardCounts.damaged - before.damaged).toBe(1);
      expect(cardCounts.rendered - before.rendered).toBe(1);
      await expectCard(png, 'redrawn');
    }
  });

  it('draws icons from the logo at their sizes, full-bleed ones opaque', async () => {
    for (const spec of ICONS) {
      const png = await iconPng(spec);
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([spec.size, spec.size]);
      const corner = await sharp(png).extract({ left: 0, top: 0, width: 1, height: 1 }).ensureAlpha().raw().toBuffer();
      expect(corner[3], spec.name).toBe(spec.background ? 255 : 0);
    }
  });
});
