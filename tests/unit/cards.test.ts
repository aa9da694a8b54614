/**
 * Social cards: TeX shown plainly, lines broken between words and ellipsized at a word,
 * measured with the shipped font (and drawn with it: the rendered ink matches the
 * measurement), hostile titles kept as text, every card a 1200×630 PNG that looks like its
 * SVG rasterized whole by librsvg.
 */
import { readFileSync } from 'node:fs';
import { create as createFont } from 'fontkit';
import type { Font } from 'fontkit';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { textContent } from 'domutils';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, createRasterizer, ELLIPSIS, escapeXml, fitText, ICONS, iconSvg, loadFace, plainTitle, wrapText } from '../../src/lib/cards/index.ts';
import type { CardContent, Face } from '../../src/lib/cards/index.ts';
import { createSvg, text, toSvgString } from '../../src/lib/cards/svg.ts';
import { cardOps, cardSvgFor, renderCard, svgToPng } from '../../src/utils/cards.ts';

const require = createRequire(import.meta.url);
const fontFiles = {
  bold: require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
  regular: require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
};
const bold = loadFace(readFileSync(fontFiles.bold), 'b');
const regular = loadFace(readFileSync(fontFiles.regular), 'r');

/** Every distinct title of the bundled arXiv corpus (9,083 listings). */
const corpusTitles = [
  ...new Set(
    gunzipSync(readFileSync('tests/fixtures/arxiv-daily-30-days.jsonl.gz'))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { title: string }).title.replace(/\s+/g, ' ').trim()),
  ),
];
const longest = [...corpusTitles].sort((a, b) => b.length - a.length).slice(0, 60);

const selectAll = (query: string, node: AnyNode) => cssSelectAll<AnyNode, Element>(query, node);
const selectOne = (query: string, node: AnyNode) => cssSelectOne<AnyNode, Element>(query, node);

/** The card's SVG parsed as XML. */
const parseSvg = (svg: string) => parseDocument(svg, { xmlMode: true });

/** The card's PNG exactly as the build draws and encodes it. */
async function pngInfo(content: CardContent) {
  const png = await renderCard(content);
  return { png, meta: await sharp(png).metadata() };
}

/** RGB pixels of a PNG. */
const rgb = async (png: Buffer) => sharp(png).flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer();

/**
 * Checks that lines are the text's words in order, broken only between words; when
 * truncated, the last line is whole words then an ellipsis. Returns the words shown.
 */
function expectWordBoundaries(text: string, lines: string[], truncated: boolean): void {
  const words = text.split(' ');
  const shown = lines.join(' ');
  if (!truncated) {
    expect(shown).toBe(text);
    return;
  }
  expect(shown.endsWith(ELLIPSIS)).toBe(true);
  const shownWords = shown.slice(0, -ELLIPSIS.length).split(' ');
  // Every word but the last is exactly the source word; the last may only lose trailing punctuation.
  shownWords.slice(0, -1).forEach((word, i) => expect(word).toBe(words[i]));
  const last = shownWords[shownWords.length - 1] as string;
  const source = words[shownWords.length - 1] as string;
  expect(source.startsWith(last) && /^[,.;:–—-]*$/u.test(source.slice(last.length)), `${last} vs ${source}`).toBe(true);
  expect(last.length).toBeGreaterThan(0);
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

  it('leaves no TeX markup in any corpus title, and plain titles unchanged', () => {
    for (const title of corpusTitles) {
      const plain = plainTitle(title);
      expect(plain, title).not.toMatch(/\\[A-Za-z]/);
      if (!/[\\$^]/.test(title)) expect(plain).toBe(title);
    }
  });

  it('draws every corpus title with real glyphs of the shipped font: no blank boxes', () => {
    let glyphs = 0;
    for (const title of corpusTitles) {
      for (const word of bold.clean(plainTitle(title)).split(' ')) {
        for (const glyph of bold.shape(word).glyphs) {
          expect(glyph.id, `${word} in ${title}`).not.toBe(0); // glyph 0 is .notdef, the "missing" box
          glyphs++;
        }
      }
    }
    expect(glyphs).toBeGreaterThan(corpusTitles.length * 40);
  });
});

describe('wrapText and fitText (the card font’s metrics)', () => {
  it('breaks the longest corpus titles between words, each line within the width', () => {
    for (const title of longest) {
      const text = bold.clean(plainTitle(title));
      const { lines, truncated } = wrapText(text, bold, 64, 1040, 10);
      expect(truncated).toBe(false);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(bold.measure(line, 64)).toBeLessThanOrEqual(1040);
      expectWordBoundaries(text, lines, false);
    }
  });

  it('ellipsizes after the last whole word that fits when lines run out', () => {
    for (const title of longest) {
      const text = bold.clean(plainTitle(title));
      const { lines, truncated } = wrapText(text, bold, 72, 1040, 2);
      expect(truncated, title).toBe(true);
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(bold.measure(line, 72)).toBeLessThanOrEqual(1040);
      expectWordBoundaries(text, lines, true);
    }
    // Punctuation before the cut goes: "…Logic Units:…" would read badly.
    const { lines } = wrapText('Neural Arithmetic Logic Units: and more words that will not fit', bold, 72, bold.measure('Neural Arithmetic Logic Units: and', 72), 1);
    expect(lines).toEqual(['Neural Arithmetic Logic Units…']);
  });

  it('balances lines without adding any', () => {
    const text = 'Can We Defend Against AI-Generated Video Attacks on Real-World Crisis Events?';
    const greedy = wrapText(text, bold, 64, 1040, 4);
    const balanced = wrapText(text, bold, 64, 1040, 4, { balance: true });
    expect(balanced.lines).toHaveLength(greedy.lines.length);
    const widths = (lines: string[]) => lines.map((l) => bold.measure(l, 64));
    expect(Math.max(...widths(balanced.lines)) - Math.min(...widths(balanced.lines))).toBeLessThan(
      Math.max(...widths(greedy.lines)) - Math.min(...widths(greedy.lines)),
    );
    expectWordBoundaries(text, balanced.lines, false);
  });

  it('shrinks long titles before cutting them, and cuts only what cannot fit', () => {
    const options = { sizes: [72, 64, 56, 48, 42], maxWidth: 1040, maxHeight: 300, lineHeight: 1.16 };
    const short = fitText('Neural Arithmetic Logic Units', bold, options);
    const long = fitText(bold.clean(longest[0] as string), bold, options);
    expect(short.size).toBe(72);
    expect(short.truncated).toBe(false);
    expect(long.size).toBeLessThan(72);
    expect(long.truncated).toBe(false);
    const absurd = fitText(Array.from({ length: 8 }, () => longest[0]).join(' '), bold, options);
    expect(absurd.size).toBe(42);
    expect(absurd.truncated).toBe(true);
    expect((absurd.lines.length - 1) * absurd.lineHeight + absurd.size).toBeLessThanOrEqual(300);
  });

  it('breaks a word wider than the line after a hyphen, never elsewhere while that suffices', () => {
    const { lines } = wrapText('Self-Supervised-Contrastive-Pretraining-Of-Everything', bold, 64, 500, 5);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(line.endsWith('-')).toBe(true);
    expect(lines.join('')).toBe('Self-Supervised-Contrastive-Pretraining-Of-Everything');
  });

  it('shapes every word of the corpus as fontkit’s full shaping does (kerning, contextual forms)', () => {
    const authors = gunzipSync(readFileSync('tests/fixtures/arxiv-daily-30-days.jsonl.gz'))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => (JSON.parse(line) as { authors?: string[] }).authors ?? [])
      // A fifth of the names (accented letters and all) keeps the test quick.
      .filter((_, i) => i % 5 === 0);
    for (const [file, face, texts] of [
      [fontFiles.bold, bold, corpusTitles],
      [fontFiles.regular, regular, [...corpusTitles, ...authors]],
    ] as const) {
      // The reference: a font of its own, each word laid out in full by fontkit. Words of
      // letters only are shaped from letter pairs (see src/lib/cards/font.ts): all of those,
      // and a few others (contextual forms next to capitals and digits).
      const font = createFont(readFileSync(file)) as Font;
      const words = new Set<string>(['AVATAR', 'Tempo', 'Wave', 'Ty', 'fi', 'ffl', 'Ωmega', 'Київ', 'A-Z', 'x:y', '10:30', '->', '(LLM)', 'SAM-2:', 'x-ray']);
      for (const t of texts) for (const word of face.clean(plainTitle(t)).split(' ')) if (/^\p{L}+$/u.test(word)) words.add(word);
      expect(words.size).toBeGreaterThan(5000);
      for (const word of words) {
        const run = font.layout(word);
        let pen = 0;
        const glyphs = run.glyphs.map((glyph, i) => {
          const { xAdvance, xOffset, yOffset } = run.positions[i]!;
          const placed = { id: glyph.id, x: pen + xOffset, y: yOffset };
          pen += xAdvance;
          return placed;
        });
        expect(face.shape(word), word).toEqual({ width: pen, glyphs });
      }
    }
  }, 60_000);

  it('measures what it draws: rendered ink matches the measured width', async () => {
    for (const [face, line] of [
      [bold, 'Neural Arithmetic Logic Units'],
      [regular, 'AVATAR Tempo: ligatures fi fl, αβγ ℓ₂'],
    ] as [Face, string][]) {
      const measured = face.measure(line, 80);
      const canvas = createSvg(2000, 200);
      text(canvas, face, line, 100, 140, 80, '#000');
      const png = await sharp(Buffer.from(toSvgString(canvas, line))).flatten({ background: '#fff' }).png().toBuffer();
      const { info } = await sharp(png).trim({ background: '#fff', threshold: 10 }).toBuffer({ resolveWithObject: true });
      // Ink starts at the pen (give or take a side bearing) and spans the advance, less the side bearings.
      expect(Math.abs(-(info.trimOffsetLeft ?? 0) - 100)).toBeLessThan(12);
      expect(Math.abs(info.width - measured)).toBeLessThan(16);
    }
  });
});

describe('cards as SVG and PNG', () => {
  it('keeps hostile titles as text: escaped in the SVG, drawn in the PNG', async () => {
    const hostile = '<script>alert("x")</script> & ]]> \'quoted\' "double" <![CDATA[ x ]]> 😀👩‍💻 中文标题 Ωmega\u0000\u0007 \uD800 end';
    const content = { eyebrow: 'Trending on 1 May 2026 <b>', title: hostile, subtitle: 'A & B <i>', chips: ['<x>', 'a"b'], footer: 'arXiv:<1>' };
    const svg = cardSvgFor(content);
    expect(svg).not.toMatch(/<script|<b>|<i>|<x>|<!\[CDATA/);
    const doc = parseSvg(svg);
    expect(selectAll('script, foreignObject, text', doc)).toHaveLength(0);
    const title = textContent(selectOne('title', doc)!);
    expect(title).toContain('<script>alert("x")</script> & ]]> \'quoted\' "double"');
    expect(title).not.toMatch(/[\u0000\u0007\uD800]/);
    // Each drawn line carries its text: escaped in the source, the same text once parsed.
    expect(svg).toContain('aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const labels = selectAll('g[aria-label]', doc).map((g) => g.attribs['aria-label']);
    expect(labels.join(' ')).toContain('<script>alert("x")</script>');
    const { meta } = await pngInfo(content);
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
  });

  it('draws text as the shipped font’s outlines, never with a system font', () => {
    const svg = cardSvgFor({ eyebrow: 'Topic', title: 'Agents and tool use', subtitle: 'Plans, tools and actions.' });
    expect(svg).not.toMatch(/<text|font-family|@font-face/);
    expect(selectAll('defs > path', parseSvg(svg)).length).toBeGreaterThan(10);
  });

  it('renders every card shape to a 1200×630 PNG under 60 KB', async () => {
    const cards = [
      { eyebrow: 'Trending on 24 November 2026', title: longest[0] as string, subtitle: ['A, B, C and 20 more', 'A and 22 more'], chips: ['Agents and tool use', 'Evaluation', 'Video generation', 'Robotics', 'Speech'], footer: 'arXiv:2608.14391' },
      { eyebrow: 'Tuesday', title: 'Trending papers of 24 November 2026', subtitle: '119 papers, 37 new', list: longest.slice(0, 3), footer: 'and 116 more papers' },
      { eyebrow: 'Topic', title: 'Agents and tool use', subtitle: longest.slice(0, 3).join(' '), subtitleLines: 3, footer: '128 papers' },
      { eyebrow: '', title: '中文标题 😀', fallbackTitle: 'arXiv:2608.00001' },
    ];
    for (const card of cards) {
      const svg = cardSvgFor(card);
      const { png, meta } = await pngInfo(card);
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
      expect(png.length).toBeLessThan(60 * 1024);
      // Every line stays inside the margins (80 px each side): its measured extent from its transform.
      for (const g of selectAll('g[aria-label]', parseSvg(svg))) {
        const [, x, k] = /translate\(([\d.]+) [\d.]+\) scale\(([\d.]+) /.exec(g.attribs['transform'] ?? '') ?? [];
        const face = (selectOne('use', g)?.attribs['href'] ?? '').startsWith('#b') ? bold : regular;
        const size = Number(k) * face.unitsPerEm;
        expect(Number(x)).toBeGreaterThanOrEqual(80);
        expect(Number(x) + face.measure(g.attribs['aria-label'] ?? '', size), g.attribs['aria-label']).toBeLessThanOrEqual(1120.5);
      }
    }
    // A title with nothing the font can draw falls back to its stated fallback.
    expect(textContent(selectOne('title', parseSvg(cardSvgFor(cards[3]!)))!)).toBe('arXiv:2608.00001');
  });

  it('draws each card as its SVG looks rasterized whole by librsvg', async () => {
    // The build draws cards from sprites (see src/lib/cards/raster.ts); the reference is the
    // card's whole SVG rasterized by librsvg. Text may move by an eighth of a pixel and
    // antialiasing has 8 steps: edges differ a little, nothing else may.
    const cards: CardContent[] = [
      { eyebrow: 'Trending on 24 November 2026', title: longest[1] as string, subtitle: ['Lucas Görnhardt, Timo Bartels, Niklas Schwarz and 3 more'], chips: ['Agents and tool use', 'Evaluation', 'Video generation'], footer: 'arXiv:2608.14391' },
      { eyebrow: 'Tuesday', title: 'Trending papers of 24 November 2026', subtitle: '119 papers, 37 new', list: longest.slice(2, 5), footer: 'and 116 more papers' },
      { eyebrow: 'Topic', title: 'Agents and tool use', subtitle: longest.slice(0, 3).join(' '), subtitleLines: 3, footer: '128 papers' },
    ];
    for (const card of cards) {
      const [drawn, whole] = await Promise.all([renderCard(card).then(rgb), svgToPng(cardSvgFor(card)).then(rgb)]);
      expect(drawn.length).toBe(whole.length);
      let sum = 0;
      let far = 0;
      for (let i = 0; i < drawn.length; i++) {
        const d = Math.abs(drawn[i]! - whole[i]!);
        sum += d;
        if (d > 64) far++;
      }
      const mean = sum / drawn.length;
      expect(mean, card.title).toBeLessThan(1);
      expect(far / drawn.length, card.title).toBeLessThan(0.0005);
      // Not a blank card that happens to be close: the text has ink, where the SVG has it.
      let ink = 0;
      for (let i = 0; i < whole.length; i++) if (whole[i]! < 128 && drawn[i]! < 128) ink++;
      expect(ink).toBeGreaterThan(100_000);
    }
  });

  it('rasterizes each glyph once: once a few cards are drawn, a card of other words needs no rasterizing', async () => {
    let rasterized = 0;
    const rasterizer = createRasterizer(CARD_WIDTH, CARD_HEIGHT, async (svg) => {
      rasterized++;
      return sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
    });
    const topic = (title: string, subtitle: string, footer: string) => cardOps({ eyebrow: 'Topic', title, subtitle, subtitleLines: 3, footer });
    for (const [title, subtitle, footer] of [
      ['Agents and tool use', 'Plans, tools and actions.', '128 papers'],
      ['Video generation', 'Diffusion and autoregressive video models.', '96 papers'],
      ['Robotics', 'Manipulation, locomotion and embodied agents.', '211 papers'],
      ['Evaluation', 'Benchmarks, metrics and judges.', '57 papers'],
    ]) {
      await rasterizer.draw(topic(title!, subtitle!, footer!));
    }
    expect(rasterized).toBeGreaterThan(0);
    const known = rasterizer.stats.sprites;
    // Other words at other positions, in the same sizes: each glyph at each quarter-pixel position is known.
    rasterized = 0;
    await rasterizer.draw(topic('Speech and audio work', 'Recognition, synthesis and music of many kinds.', '4,711 papers'));
    expect(rasterized).toBe(0);
    expect(rasterizer.stats.sprites).toBe(known);
  });

  it('escapes the five XML specials and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('draws icons from the logo at their sizes, full-bleed ones opaque', async () => {
    const logo = readFileSync('src/assets/logo.svg', 'utf8');
    for (const spec of ICONS) {
      const png = await sharp(Buffer.from(iconSvg(logo, spec))).png().toBuffer();
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([spec.size, spec.size]);
      const corner = await sharp(png).extract({ left: 0, top: 0, width: 1, height: 1 }).ensureAlpha().raw().toBuffer();
      expect(corner[3], spec.name).toBe(spec.background ? 255 : 0);
    }
  });
});
