import { describe, expect, it } from 'vitest';
import { formatPaperEntry, withRelated } from '../../src/lib/archive/entries.ts';
import { listing } from '../../src/lib/archive/listing.ts';
import { Merger, mergeDigests } from '../../src/lib/archive/merge.ts';
import type { ArchivedPaper } from '../../src/lib/archive/merge.ts';
import type { PaperFrontmatter } from '../../src/lib/schema.ts';
import { assignSlugs, formatRegistry, parseRegistry, registryLines } from '../../src/lib/archive/registry.ts';
import { fallbackSlug, slugifyTitle, uniqueSlug } from '../../src/lib/archive/slug.ts';
import type { Digest, DigestPaper } from '../../src/lib/digest/types.ts';

const paper = (title: string, abstract: string, extra: Partial<DigestPaper> = {}): DigestPaper => ({ title, abstract, line: 1, ...extra });
const day = (date: string, papers: DigestPaper[]): Digest => ({ date, file: `${date}.txt`, format: 'text', papers, warnings: [] });

describe('slugifyTitle', () => {
  it('makes readable lowercase ASCII from titles with accents, TeX and punctuation', () => {
    expect(slugifyTitle('Neural Arithmetic Logic Units')).toBe('neural-arithmetic-logic-units');
    expect(slugifyTitle('Déjà Vu: Über-Fast $\\mathcal{O}(n)$ Attention!')).toBe('deja-vu-uber-fast-o-n-attention');
    expect(slugifyTitle('SWE-Bench ProMax: Benchmarking Agents')).toBe('swe-bench-promax-benchmarking-agents');
    // The rule is frozen: an archive ingested again from its digests publishes the same URLs.
    expect(slugifyTitle('U$^2$Mamba: A Two-level Nested U-structure Mamba')).toBe('u-2-mamba-a-two-level-nested-u-structure-mamba');
    expect(slugifyTitle('R^3-Bench: LLMs Struggle')).toBe('r-3-bench-llms-struggle');
  });
  it('cuts long titles at a word boundary', () => {
    const slug = slugifyTitle('A '.repeat(10) + 'very long title about large language models that keeps going and going forever');
    expect(slug.length).toBeLessThanOrEqual(72);
    expect(slug.endsWith('-')).toBe(false);
    expect('a-a-a-a-a-a-a-a-a-a-very-long-title-about-large-language-models-that-keeps-going-and'.startsWith(slug)).toBe(true);
  });
  it('gives nothing for titles with no ASCII letters, so a fallback is used', () => {
    expect(slugifyTitle('大型语言模型的推理')).toBe('');
    expect(slugifyTitle('🚀🔥')).toBe('');
    expect(fallbackSlug('大型语言模型的推理')).toMatch(/^paper-[0-9a-f]{10}$/);
    expect(fallbackSlug('大型语言模型的推理', '2608.09802')).toBe('arxiv-2608-09802');
    expect(fallbackSlug('a')).not.toBe(fallbackSlug('b'));
  });
  it('never returns a slug of digits alone', () => {
    expect(slugifyTitle('2024')).toBe('paper-2024');
  });
  it('numbers a taken slug', () => {
    const taken = new Set(['x', 'x-2']);
    expect(uniqueSlug('x', (s) => taken.has(s))).toBe('x-3');
    expect(uniqueSlug('y', (s) => taken.has(s))).toBe('y');
  });
});

describe('mergeDigests', () => {
  const abstractA = 'We study arithmetic in neural networks and propose a new unit that extrapolates well beyond training.';
  const abstractB = 'A completely different paper about protein folding with diffusion models and large datasets of structures.';

  it('folds a paper seen on several days into one, with every day', () => {
    const archive = mergeDigests([
      day('2026-01-02', [paper('Neural units', abstractA)]),
      day('2026-01-01', [paper('Neural Units.', abstractA), paper('Other', abstractB)]),
    ]);
    expect(archive.papers).toHaveLength(2);
    const units = archive.papers.find((p) => p.title === 'Neural Units.');
    expect(units?.sightings.map((s) => s.date)).toEqual(['2026-01-01', '2026-01-02']);
    expect(archive.days.map((d) => d.date)).toEqual(['2026-01-01', '2026-01-02']);
  });

  it('keeps two papers whose titles differ only in punctuation when their abstracts differ', () => {
    const archive = mergeDigests([day('2026-01-01', [paper('Attention, Please!', abstractA), paper('Attention Please', abstractB)])]);
    expect(archive.papers).toHaveLength(2);
  });

  it('merges by arXiv id even when the title changed, and never merges two ids', () => {
    const archive = mergeDigests([
      day('2026-01-01', [paper('Old title', abstractA, { arxivId: '2601.00001' })]),
      day('2026-01-02', [paper('New title', abstractB, { arxivId: '2601.00001' }), paper('Old title', abstractA, { arxivId: '2601.00002' })]),
    ]);
    expect(archive.papers.map((p) => p.arxivId)).toEqual(['2601.00001', '2601.00002']);
    expect(archive.papers[0]?.sightings).toHaveLength(2);
  });

  it('joins a text-digest paper with its later arXiv record and keeps the richer fields', () => {
    const archive = mergeDigests([
      day('2026-01-01', [paper('Neural Units', abstractA.slice(0, 60))]),
      day('2026-01-02', [paper('Neural Units', abstractA, { arxivId: '2601.00009', authors: ['A. Author'] })]),
    ]);
    expect(archive.papers).toHaveLength(1);
    expect(archive.papers[0]).toMatchObject({ arxivId: '2601.00009', abstract: abstractA, authors: ['A. Author'] });
  });

  it('lists a paper repeated within one day once, with a warning naming both lines', () => {
    const archive = mergeDigests([day('2026-01-01', [paper('X', abstractA, { line: 3 }), paper('X', abstractA, { line: 9 })])]);
    expect(archive.days[0]?.papers).toHaveLength(1);
    expect(archive.warnings[0]).toMatchObject({ file: '2026-01-01.txt', line: 9 });
    expect(archive.warnings[0]?.message).toContain('line 3');
  });
});

describe('assignSlugs', () => {
  const abstract = 'Some abstract text that is long enough to have a head of eight words at least.';
  it('keeps published slugs and never reuses one for another paper', () => {
    const first = mergeDigests([day('2026-01-01', [paper('Same Title', abstract)])]);
    const { registry } = assignSlugs(first.papers, []);
    expect(registry.map((r) => r.slug)).toEqual(['same-title']);

    // Later, a different paper with the same title arrives before the first in the list.
    const later = mergeDigests([
      day('2025-12-31', [paper('Same title!', 'An entirely different abstract about robots and grasping objects in clutter.')]),
      day('2026-01-01', [paper('Same Title', abstract)]),
    ]);
    const { slugs } = assignSlugs(later.papers, registry);
    expect(later.papers.map((p) => slugs.get(p))).toEqual(['same-title-2', 'same-title']);
  });

  it('keeps the slug when a paper first seen without an id gets one', () => {
    const first = mergeDigests([day('2026-01-01', [paper('Neural Units', abstract)])]);
    const { registry } = assignSlugs(first.papers, []);
    const later = mergeDigests([day('2026-01-01', [paper('Neural Units (v2)', abstract, { arxivId: '2601.00001' })])]);
    // Title changed and an id appeared: a title-only record cannot match, so the paper is new…
    expect(assignSlugs(later.papers, registry).slugs.get(later.papers[0]!)).toBe('neural-units-v2');
    const same = mergeDigests([day('2026-01-02', [paper('Neural Units', abstract, { arxivId: '2601.00001' })])]);
    const result = assignSlugs(same.papers, registry);
    // …but the same title with an id keeps its slug and records the id.
    expect(result.slugs.get(same.papers[0]!)).toBe('neural-units');
    expect(result.registry.find((r) => r.slug === 'neural-units')?.arxivId).toBe('2601.00001');
  });

  it('keeps the slug of a paper whose abstract was revised after its first words, and keeps the registry line short', () => {
    const opening = 'We propose a method for aligning language models with human preferences, ';
    const first = mergeDigests([day('2026-01-01', [paper('Revised Paper', `${opening}and test it on two benchmarks.`)])]);
    const { registry } = assignSlugs(first.papers, []);
    expect(registry[0]!.abstractHead.length).toBeLessThanOrEqual(64);
    const revised = mergeDigests([day('2026-01-05', [paper('Revised Paper', `${opening}and evaluate it on five benchmarks with ablations.`)])]);
    expect(assignSlugs(revised.papers, registry).slugs.get(revised.papers[0]!)).toBe('revised-paper');
  });

  it('matches a registry line whose head an earlier version wrote as the whole folded abstract', () => {
    const whole = 'someabstracttextthatislongenoughtohaveaheadofeightwordsatleast';
    const registry = parseRegistry(`revised-paper\t\trevisedpaper\t${whole}andmoretextthatfollowsinthewholeabstract\n`, 'slugs.tsv');
    const again = mergeDigests([day('2026-01-05', [paper('Revised Paper', `${abstract} And more text that follows in the whole abstract.`)])]);
    expect(assignSlugs(again.papers, registry).slugs.get(again.papers[0]!)).toBe('revised-paper');
  });

  it('round-trips the registry file and names the line of a bad record', () => {
    const records = [{ slug: 'b', titleKey: 'b', abstractHead: 'x y' }, { slug: 'a', arxivId: '2601.00001', titleKey: 'a', abstractHead: '' }];
    const text = formatRegistry(records);
    expect(parseRegistry(text, 'slugs.tsv')).toEqual([records[0], { ...records[1], arxivId: '2601.00001' }]);
    expect(() => parseRegistry(`${text}broken line\n`, 'content/slugs.tsv')).toThrow(/content\/slugs\.tsv:4:/);
  });

  it('keeps the registry in the order slugs were handed out, so a run appends its new ones', () => {
    const first = mergeDigests([day('2026-01-02', [paper('Zeta paper', abstract), paper('Alpha paper', abstract)])]);
    const { registry } = assignSlugs(first.papers, []);
    const text = formatRegistry(registry);
    const later = mergeDigests([...[day('2026-01-02', [paper('Zeta paper', abstract), paper('Alpha paper', abstract)])], day('2026-01-03', [paper('Middle paper', abstract)])]);
    const next = assignSlugs(later.papers, parseRegistry(text, 'slugs.tsv')).registry;
    expect(formatRegistry(next)).toBe(text + registryLines(next.slice(2)));
    expect(next.map((r) => r.slug)).toEqual(['zeta-paper', 'alpha-paper', 'middle-paper']);
  });
});

describe('Merger', () => {
  const days = [
    day('2026-01-01', [paper('Neural Units', 'We study arithmetic in networks.'), paper('Other', 'About proteins.', { arxivId: '2601.00002' })]),
    day('2026-01-02', [paper('Neural Units', 'We study arithmetic in networks, at length.', { arxivId: '2601.00001', upvotes: 3 }), paper('Third', 'About robots.')]),
    day('2026-01-03', [paper('Renamed other', 'About proteins.', { arxivId: '2601.00002' }), paper('Neural units!', 'We study arithmetic.'), paper('Fourth', 'About maps.')]),
  ];

  it('continued from the papers of earlier days gives what merging every day gives, reading only papers seen again', () => {
    const all = mergeDigests(days);
    const start = mergeDigests(days.slice(0, 1));
    const loaded: number[] = [];
    const merger = new Merger({
      identities: start.papers.map((p) => ({ arxivId: p.arxivId, titleKey: p.titleKey })),
      load: (i) => {
        loaded.push(i);
        return structuredClone(start.papers[i]) as ArchivedPaper;
      },
    });
    for (const d of days.slice(1)) merger.add(d);
    expect(merger.allPapers()).toEqual(all.papers);
    expect([...merger.seenAgain].sort()).toEqual([0, 1]);
    expect(loaded.sort()).toEqual([0, 1]);
  });
});

describe('withRelated', () => {
  const frontmatter = { title: 'A paper', authors: ['A. Author'], excerpt: 'Text.', days: ['2026-01-01'], topics: ['robotics'], keyPhrases: ['robot arms'] };
  const cases: Record<string, Omit<PaperFrontmatter, 'related'> & { related?: string[] }> = {
    'no related papers, no manual block': { ...frontmatter },
    'related papers': { ...frontmatter, related: ['b-paper', 'c-paper'] },
    'related papers and a manual block': { ...frontmatter, related: ['b-paper'], manual: { title: 'Fixed "title"', topics: ['robotics'] } },
    'a manual block only': { ...frontmatter, keyPhrases: [], manual: { note: 'A note: with a colon.' } },
  };
  for (const [name, data] of Object.entries(cases)) {
    it(`rewrites only the related list of an entry with ${name}`, () => {
      const text = formatPaperEntry({ related: [], ...data }, 'The abstract.\n\n---\n\nA rule in the body.');
      for (const related of [[], ['x-paper'], ['x-paper', 'y-paper', 'z-paper']]) {
        expect(withRelated(text, related)).toBe(formatPaperEntry({ ...data, related }, 'The abstract.\n\n---\n\nA rule in the body.'));
      }
    });
  }
  it('declines a text that is not an entry as ingest writes them', () => {
    expect(withRelated('no frontmatter', ['x'])).toBeUndefined();
    expect(withRelated('---\ntitle: "x"\nunknown: 1\n---\n', ['x'])).toBeUndefined();
  });
});

describe('listing', () => {
  const data: PaperFrontmatter = {
    title: 'Attention Is All You Need',
    authors: ['Ashish Vaswani', 'Noam Shazeer'],
    excerpt: 'The dominant sequence transduction models…',
    days: ['2026-08-10', '2026-08-12'],
    topics: ['language-models'],
    keyPhrases: ['transformer'],
    related: ['bert'],
    tldr: 'We propose the Transformer.',
  };

  it('is what a list item shows: slug, title, days, first author and how many, excerpt, topics, TL;DR, AI summary', () => {
    expect(listing({ id: 'attention', data })).toBe(
      'attention\tAttention Is All You Need\t2026-08-10,2026-08-12\tAshish Vaswani\t2\tThe dominant sequence transduction models…\tlanguage-models\tWe propose the Transformer.\t',
    );
  });

  it('does not change with what no list shows: related papers, key phrases, other authors', () => {
    const same = listing({ id: 'attention', data });
    expect(listing({ id: 'attention', data: { ...data, related: ['gpt', 'bert'], keyPhrases: [], authors: ['Ashish Vaswani', 'N. Shazeer'] } })).toBe(same);
    expect(listing({ id: 'attention', data: { ...data, authors: ['Ashish Vaswani'] } })).not.toBe(same);
    expect(listing({ id: 'attention', data: { ...data, aiSummary: 'A network of attention alone.' } })).not.toBe(same);
  });
});
