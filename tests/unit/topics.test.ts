import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from '../../scripts/make-archive.ts';
import { describe, expect, it } from 'vitest';
import { readDigest } from '../../src/lib/digest/index.ts';
import { InputError } from '../../src/lib/digest/types.ts';
import { plainTitle } from '../../src/lib/text/tex.ts';
import { phraseBases, tokenize } from '../../src/lib/text/tokenize.ts';
import { singular, stem } from '../../src/lib/text/stem.ts';
import {
  assignTopics,
  buildPhraseStats,
  keyPhrases,
  loadTaxonomy,
  parseTopic,
  parseTopicMarkdown,
  resolveTopicSlug,
  scoreTopics,
} from '../../src/lib/topics/index.ts';
import type { PaperText, Taxonomy, TopicEntry } from '../../src/lib/topics/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TOPICS_DIR = join(ROOT, 'content', 'topics');
const REAL = join(ROOT, 'tests', 'fixtures', 'digests', 'real');

function topicEntries(): TopicEntry[] {
  return readdirSync(TOPICS_DIR)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => parseTopicMarkdown(`content/topics/${name}`, readFileSync(join(TOPICS_DIR, name), 'utf8')));
}

function seedPapers(): PaperText[] {
  const file = join(REAL, 'seed-digest.txt');
  return readDigest(file, readFileSync(file), '2026-11-24').papers;
}

function hfPapers(): PaperText[] {
  return readdirSync(REAL)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => readDigest(join(REAL, name), readFileSync(join(REAL, name)), name.slice(0, 10)).papers);
}

interface CorpusPaper extends PaperText {
  id: string;
  categories: string[];
}

/** The 30-day arXiv corpus, one entry per arXiv id (the file repeats cross-listed papers). */
function corpus(): CorpusPaper[] {
  return readCorpus().map((p) => ({ id: p.arxiv_id, title: p.title, abstract: p.abstract, categories: p.categories }));
}

const taxonomy: Taxonomy = loadTaxonomy(topicEntries());

function sharedTopics(papers: readonly PaperText[]): string[] {
  const lists = papers.map((p) => assignTopics(p, taxonomy));
  return (lists[0] ?? []).filter((slug) => lists.every((l) => l.includes(slug)) && taxonomy.bySlug.get(slug)?.catchAll === false);
}

describe('text helpers', () => {
  it('stems with Porter2 and singularises without derivation', () => {
    expect(['networks', 'learning', 'generation', 'generalization', 'generative'].map(stem)).toEqual(['network', 'learn', 'generat', 'general', 'generat']);
    expect(['models', 'modeling', 'studies', 'analysis', 'bias', 'processes'].map(singular)).toEqual(['model', 'modeling', 'study', 'analysis', 'bias', 'process']);
  });

  it('tokenizes compounds, drops maths and URLs, and marks punctuation gaps', () => {
    const tokens = tokenize('Mixture-of-Experts ($O(n^2)$ cost), see https://x.org/a. Naïve LLMs');
    expect(tokens.map((t) => t.word)).toEqual(['mixture', 'of', 'experts', 'cost', 'see', 'naive', 'llms']);
    expect(tokens.map((t) => t.gap)).toEqual([false, false, false, true, true, true, false]);
    expect(phraseBases('Diffusion Models')).toEqual(['diffusion', 'model']);
    // TeX outside math is read for its words, not its commands: `\textbf{M}odel` is "model".
    const tex = tokenize('\\textbf{M}odel-\\emph{adaptive} \\textsc{Policies} at 256$\\times$256 \\begin{equation}x\\end{equation}');
    expect(tex.map((t) => t.word)).toEqual(['model', 'adaptive', 'policies', 'at', '256', '256', 'x']);
    // Groups nested thousands deep, or never closed, are read as text, not to the stack's end.
    expect(tokenize(`${'\\textbf{'.repeat(5000)}deep words`).map((t) => t.word).slice(-2)).toEqual(['deep', 'words']);
    expect(plainTitle(`$${'x^{'.repeat(10000)}$ end`).endsWith(' end')).toBe(true);
  });
});

describe('taxonomy files', () => {
  it('has 30-60 valid topics, one catch-all, and resolves aliases', () => {
    expect(taxonomy.topics.length).toBeGreaterThanOrEqual(30);
    expect(taxonomy.topics.length).toBeLessThanOrEqual(60);
    expect(taxonomy.topics.filter((t) => t.catchAll)).toHaveLength(1);
    for (const topic of taxonomy.topics) {
      expect(topic.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(topic.description.length).toBeGreaterThan(20);
    }
    expect(resolveTopicSlug(taxonomy, 'rl')).toBe('reinforcement-learning');
    expect(resolveTopicSlug(taxonomy, 'quantum-ml')).toBe('quantum-ml');
    expect(resolveTopicSlug(taxonomy, 'no-such-topic')).toBeUndefined();
  });

  it('rejects bad rules with an error naming the file', () => {
    const base = { name: 'X', description: 'A topic.' };
    const bad: Array<[unknown, RegExp]> = [
      [{ ...base, rules: { phrases: { '/(unclosed/': 2 } } }, /invalid regular expression/],
      [{ ...base, rules: { phrase: { a: 1 } } }, /rules\.phrase: unknown field/],
      [{ ...base, rules: { phrases: { graph: 0 } } }, /weight must be a non-zero number/],
      [{ ...base, rules: { phrases: { graphs: 1, graph: 2 } } }, /matches the same words as "graphs"/],
      [{ ...base, rules: { phrases: { '---': 1 } } }, /phrase has no words/],
      [{ ...base, rules: { phrases: { graph: -1 } } }, /at least one phrase with a positive weight/],
      [{ ...base, rules: { exclude: 'x', phrases: { graph: 1 } } }, /rules.exclude must be a list/],
      [{ name: 'X', rules: { phrases: { graph: 1 } } }, /`description` must be a non-empty string/],
      [{ ...base }, /`rules` is required/],
    ];
    for (const [data, message] of bad) {
      expect(() => parseTopic('x-topic', data, '', 'content/topics/x-topic.md')).toThrow(InputError);
      expect(() => parseTopic('x-topic', data, '', 'content/topics/x-topic.md')).toThrow(message);
      expect(() => parseTopic('x-topic', data, '', 'content/topics/x-topic.md')).toThrow(/^content\/topics\/x-topic\.md: /);
    }
    expect(() => parseTopicMarkdown('content/topics/y.md', 'name: y\n')).toThrow(/content\/topics\/y\.md:1: expected YAML frontmatter/);
  });

  it('rejects an alias that is another topic or another alias', () => {
    const entry = (slug: string, aliases: string[]): TopicEntry => ({
      slug,
      data: { name: slug, description: 'A topic.', aliases, rules: { phrases: { [slug]: 3 } } },
      file: `content/topics/${slug}.md`,
    });
    expect(() => loadTaxonomy([entry('alpha', ['beta']), entry('beta', [])])).toThrow(/alpha\.md: alias "beta" is the slug of an existing topic/);
    expect(() => loadTaxonomy([entry('alpha', ['old']), entry('gamma', ['old'])])).toThrow(/gamma\.md: alias "old" is already an alias of topic "alpha"/);
  });
});

describe('rule scoring', () => {
  const small = loadTaxonomy([
    { slug: 'rl', data: { name: 'RL', description: 'Reinforcement.', rules: { phrases: { 'reinforcement learning': 3, '/\\bq-?learning\\b/': 2, 'human feedback': -3 }, title: { agent: 1 } } } },
    { slug: 'quantum', data: { name: 'Q', description: 'Quantum.', rules: { phrases: { quantum: 3 }, exclude: ['quantum chemistry'] } } },
    { slug: 'misc', data: { name: 'M', description: 'Misc.', catchAll: true } },
  ]);

  it('adds title (x3) and abstract matches of phrases, regexes and title-only rules', () => {
    // Title: regex 2x3 + title-only "agent" (matches "Agents") 1x3; abstract: phrase 3x1.
    expect(scoreTopics({ title: 'Q-learning Agents', abstract: 'We study Reinforcement Learning.' }, small)).toEqual([{ slug: 'rl', score: 12 }]);
    // Abstract repeats count up to three times; punctuation breaks a phrase.
    const repeated = 'reinforcement learning. '.repeat(5) + 'reinforcement, learning';
    expect(scoreTopics({ title: 'A study', abstract: repeated }, small)).toEqual([{ slug: 'rl', score: 9 }]);
  });

  it('lets negative weights and exclusions rule a topic out, leaving the catch-all', () => {
    expect(assignTopics({ title: 'A study', abstract: 'Reinforcement learning from human feedback.' }, small)).toEqual(['misc']);
    expect(assignTopics({ title: 'Quantum chemistry at scale', abstract: 'Quantum states.' }, small)).toEqual(['misc']);
    expect(assignTopics({ title: 'Quantum states', abstract: 'Reinforcement learning for qubits.' }, small)).toEqual(['quantum', 'rl']);
  });
});

describe('assignTopics on real digests', () => {
  const seed = seedPapers();

  it('puts the seed digest logic-gate-network papers under one shared topic', () => {
    const lgn = seed.filter((p) => /logic gate network/i.test(p.title));
    expect(lgn.length).toBeGreaterThanOrEqual(4);
    expect(sharedTopics(lgn)).toContain('logic-gate-networks');
  });

  it('puts the seed digest quantum papers under another shared topic', () => {
    const quantum = seed.filter((p) => /\bquantum\b/i.test(p.title));
    expect(quantum.length).toBeGreaterThanOrEqual(8);
    expect(sharedTopics(quantum)).toContain('quantum-ml');
    const lgn = seed.filter((p) => /logic gate network/i.test(p.title));
    expect(lgn.every((p) => !assignTopics(p, taxonomy).includes('quantum-ml'))).toBe(true);
  });

  it('gives the seed mixture-of-experts and GUI-agent papers their topics', () => {
    for (const [pattern, slug] of [[/mixture[- ]of[- ]experts?|MoE\b/i, 'mixture-of-experts'], [/\bGUI\b/, 'gui-agents']] as const) {
      const papers = seed.filter((p) => pattern.test(p.title));
      expect(papers.length).toBeGreaterThanOrEqual(4);
      for (const p of papers) expect(assignTopics(p, taxonomy), p.title).toContain(slug);
    }
  });

  it('gives at most four topics, best first, and every real paper at least one', () => {
    for (const paper of [...seed, ...hfPapers()]) {
      const topics = assignTopics(paper, taxonomy);
      expect(topics.length).toBeGreaterThanOrEqual(1);
      expect(topics.length).toBeLessThanOrEqual(4);
      const scores = scoreTopics(paper, taxonomy);
      const order = topics.map((slug) => scores.findIndex((s) => s.slug === slug));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
    expect(assignTopics(seed[0] as PaperText, taxonomy, { maxTopics: 1 }).length).toBe(1);
  });

  it('gives a paper with no recognisable subject the catch-all topic only', () => {
    expect(assignTopics({ title: 'On things', abstract: 'We look at some things.' }, taxonomy)).toEqual(['machine-learning']);
  });

  it('is deterministic and independent of the order topic files are read in', () => {
    const reversed = loadTaxonomy([...topicEntries()].reverse());
    for (const paper of seed) {
      const first = assignTopics(paper, taxonomy);
      expect(assignTopics(paper, taxonomy)).toEqual(first);
      expect(assignTopics(paper, reversed)).toEqual(first);
    }
  });
});

describe('topic quality on the 30-day arXiv corpus', () => {
  const papers = corpus();

  it('covers at least 95% of papers with a specific topic and no topic holds more than 25%', () => {
    const counts = new Map<string, number>();
    let covered = 0;
    for (const paper of papers) {
      const topics = assignTopics(paper, taxonomy);
      if (topics.some((slug) => taxonomy.bySlug.get(slug)?.catchAll === false)) covered++;
      for (const slug of topics) counts.set(slug, (counts.get(slug) ?? 0) + 1);
    }
    expect(papers.length).toBeGreaterThan(6000);
    expect(covered / papers.length).toBeGreaterThanOrEqual(0.95);
    expect(Math.max(...counts.values()) / papers.length).toBeLessThanOrEqual(0.25);
    // Every topic is used: no dead topic pages.
    for (const topic of taxonomy.topics) if (!topic.catchAll) expect(counts.get(topic.slug) ?? 0, topic.slug).toBeGreaterThan(0);
  });
});

describe('keyPhrases', () => {
  const papers = corpus().slice(0, 1500);
  const stats = buildPhraseStats(papers);
  const flat = (s: string) => s.toLowerCase().replace(/['’]s\b/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

  it('gives 3-6 distinct readable phrases taken from the paper text', () => {
    for (const paper of papers.slice(0, 300)) {
      const phrases = keyPhrases(paper, stats);
      expect(phrases.length, paper.title).toBeGreaterThanOrEqual(3);
      expect(phrases.length).toBeLessThanOrEqual(6);
      expect(new Set(phrases.map((p) => p.toLowerCase())).size).toBe(phrases.length);
      const text = ` ${flat(`${paper.title} . ${paper.abstract}`)} `;
      for (const phrase of phrases) expect(text, phrase).toContain(` ${flat(phrase)} `);
    }
  });

  it('prefers specific phrases to boilerplate and is deterministic', () => {
    const paper = seedPapers().find((p) => /Light Differentiable Logic Gate Networks/.test(p.title)) as PaperText;
    const phrases = keyPhrases(paper, stats);
    expect(phrases.join(' | ').toLowerCase()).toContain('logic gate network');
    expect(phrases.map((p) => p.toLowerCase())).not.toContain('results');
    expect(keyPhrases(paper, stats)).toEqual(phrases);
  });
});
