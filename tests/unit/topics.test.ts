import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from '../../scripts/make-archive.ts';
import { readTopicLabels, topicPrecision } from '../../scripts/lib/quality/topic-labels.ts';
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
  it('has 30-70 valid topics, one catch-all, and resolves aliases', () => {
    expect(taxonomy.topics.length).toBeGreaterThanOrEqual(30);
    expect(taxonomy.topics.length).toBeLessThanOrEqual(70);
    expect(taxonomy.topics.filter((t) => t.catchAll)).toHaveLength(1);
    for (const topic of taxonomy.topics) {
      expect(topic.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(topic.description.length).toBeGreaterThan(20);
    }
    expect(resolveTopicSlug(taxonomy, 'rl')).toBe('reinforcement-learning');
    expect(resolveTopicSlug(taxonomy, 'quantum-ml')).toBe('quantum-ml');
    expect(resolveTopicSlug(taxonomy, 'no-such-topic')).toBeUndefined();
    // Merged topics keep their old slugs, so their pages and feeds still lead somewhere.
    expect(resolveTopicSlug(taxonomy, 'security-and-forensics')).toBe('ai-safety');
    expect(resolveTopicSlug(taxonomy, 'architectures')).toBe('efficient-inference');
    expect(resolveTopicSlug(taxonomy, 'long-context-memory')).toBe('efficient-inference');
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
    expect(() => parseTopic('x-topic', { ...base, rules: { phrases: { graph: 1 }, categories: { 'not a category': 1 } } }, '', 'content/topics/x-topic.md')).toThrow(
      /rules\.categories "not a category": not an arXiv category/,
    );
  });

  it('refuses regular expressions that can backtrack catastrophically, quickly and naming the rule', () => {
    const base = { name: 'X', description: 'A topic.' };
    for (const rule of ['/(\\w+\\s?)+:/', '/^(a+)+$/', '/(a|aa)+$/', '/(x+x+)+y/']) {
      const started = performance.now();
      expect(() => parseTopic('x-topic', { ...base, rules: { phrases: { [rule]: 2 } } }, '', 'content/topics/x-topic.md')).toThrow(
        `content/topics/x-topic.md: rules.phrases "${rule}": unsafe regular expression`,
      );
      expect(performance.now() - started).toBeLessThan(5000);
    }
    // Linear rules are accepted and still match.
    const safe = loadTaxonomy([{ slug: 'q', data: { ...base, rules: { phrases: { '/\\bq-?learning\\b/': 3, '/\\b(?:vision|visual)[- ]language\\b/': 3 } } } }]);
    expect(scoreTopics({ title: 'Q-learning for vision-language agents', abstract: '' }, safe)).toEqual([{ slug: 'q', score: 12 }]);
  });

  it('checks the encoding of topic files as it checks digests', () => {
    const utf8 = new TextEncoder().encode('---\nname: "Économie"\ndescription: "Markets."\nrules:\n  phrases:\n    market: 3\n---\n');
    expect(parseTopicMarkdown('content/topics/eco.md', utf8).data).toMatchObject({ name: 'Économie' });
    const latin1 = Uint8Array.from([...new TextEncoder().encode('---\nname: "'), 0xc9, ...new TextEncoder().encode('conomie"\n---\n')]);
    expect(() => parseTopicMarkdown('content/topics/eco.md', latin1)).toThrow(/^content\/topics\/eco\.md:2: file is not valid UTF-8 \(saved as Latin-1/);
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x2d, 0x00]);
    expect(() => parseTopicMarkdown('content/topics/eco.md', utf16)).toThrow(/eco\.md:1: file is UTF-16 text/);
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

  it('adds title (x2) and abstract matches of phrases, regexes and title-only rules', () => {
    // Title: regex 2x2 + title-only "agent" (matches "Agents") 1x2; abstract: phrase 3x1.
    expect(scoreTopics({ title: 'Q-learning Agents', abstract: 'We study Reinforcement Learning.' }, small)).toEqual([{ slug: 'rl', score: 9 }]);
    // Abstract repeats count up to three times; punctuation breaks a phrase.
    const repeated = 'reinforcement learning. '.repeat(5) + 'reinforcement, learning';
    expect(scoreTopics({ title: 'A study', abstract: repeated }, small)).toEqual([{ slug: 'rl', score: 9 }]);
  });

  it('lets negative weights and exclusions rule a topic out, leaving the catch-all', () => {
    expect(assignTopics({ title: 'A study', abstract: 'Reinforcement learning from human feedback.' }, small)).toEqual(['misc']);
    expect(assignTopics({ title: 'Quantum chemistry at scale', abstract: 'Quantum states.' }, small)).toEqual(['misc']);
  });

  it('adds a second topic only when it scores close to the best one', () => {
    // quantum 6 (title), rl 3 (abstract): too far behind.
    expect(assignTopics({ title: 'Quantum states', abstract: 'Reinforcement learning for qubits.' }, small)).toEqual(['quantum']);
    // Both in the title, 6 each: ties by slug.
    expect(assignTopics({ title: 'Quantum reinforcement learning', abstract: 'We study qubits.' }, small)).toEqual(['quantum', 'rl']);
  });
});

describe('evidence', () => {
  const topics = loadTaxonomy([
    {
      slug: 'comm',
      data: {
        name: 'Comm',
        description: 'Communications.',
        rules: { phrases: { 'channel coding': 3, wireless: 3, antenna: 2, transmitter: 2, signal: 1 }, categories: { 'cs.IT': 4 } },
      },
    },
    { slug: 'misc', data: { name: 'M', description: 'Misc.', catchAll: true } },
  ]);
  const file = (title: string, abstract: string, more: Partial<PaperText> = {}) => assignTopics({ title, abstract, ...more }, topics);

  it('files a paper on a defining phrase, a title match, a word found twice or two different rules', () => {
    expect(file('A study', 'We use channel coding.')).toEqual(['comm']);
    expect(file('Wireless things', 'Nothing else.')).toEqual(['comm']);
    expect(file('A study', 'Wireless here; wireless there.')).toEqual(['comm']);
    expect(file('A study', 'An antenna and a transmitter.')).toEqual(['comm']);
  });

  it('does not file a paper on one word found once, however heavy, nor on weak words alone', () => {
    expect(file('A study', 'One wireless mention.')).toEqual(['misc']);
    expect(file('A study', 'An antenna, a signal, a signal, a signal.')).toEqual(['misc']);
  });

  it('counts the primary arXiv category fully and a cross-listing by half', () => {
    expect(file('A study', 'Nothing topical.', { categories: ['cs.IT'] })).toEqual(['comm']);
    expect(file('A study', 'Nothing topical.', { categories: ['cs.LG', 'cs.IT'] })).toEqual(['misc']);
    expect(file('A study', 'One wireless mention.', { categories: ['cs.LG', 'cs.IT'] })).toEqual(['comm']);
  });

  it('counts words that several rules of a topic match once, for the heaviest rule', () => {
    const overlapping = loadTaxonomy([
      { slug: 'ood', data: { name: 'OOD', description: 'Anomalies.', rules: { phrases: { 'anomaly detection': 3, anomaly: 2, 'anomaly detection benchmark': -3 }, title: { anomaly: 2 } } } },
    ]);
    const score = (title: string, abstract: string) => scoreTopics({ title, abstract }, overlapping)[0]?.score ?? 0;
    // "anomaly detection" 3x2, not also "anomaly" 2x2 from the phrase and 2x2 from its title-only twin.
    expect(score('Anomaly detection for fish', '')).toBe(6);
    // Another mention of the word elsewhere still counts: 3 + 2.
    expect(score('A study', 'Anomaly detection finds an anomaly.')).toBe(5);
    // A negative rule still counts against the words it shares: 3 - 3.
    expect(score('A study', 'An anomaly detection benchmark.')).toBe(0);
  });

  it("counts the digest's key phrases as evidence", () => {
    expect(file('A study', 'An antenna.', { keywords: ['wireless sensing'] })).toEqual(['comm']);
    // A phrase never runs across two key phrases.
    expect(file('A study', 'Nothing topical.', { keywords: ['channel', 'coding'] })).toEqual(['misc']);
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
      // Two papers' titles name a second subject, the one their abstract is about ("continual learning",
      // "personalized ranking"); they are filed under that one.
      const other = (title: string) => (/continual learning/i.test(title) ? 'continual-learning' : /personalized ranking/i.test(title) ? 'recommender-systems' : slug);
      for (const p of papers) expect(assignTopics(p, taxonomy), p.title).toContain(other(p.title));
    }
  });

  it('gives at most three topics, best first, and every real paper at least one', () => {
    for (const paper of [...seed, ...hfPapers()]) {
      const topics = assignTopics(paper, taxonomy);
      expect(topics.length).toBeGreaterThanOrEqual(1);
      expect(topics.length).toBeLessThanOrEqual(3);
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

describe('second topics', () => {
  const topics = loadTaxonomy([
    { slug: 'vision', data: { name: 'V', description: 'Vision.', rules: { phrases: { 'object detection': 3, detector: 2 } } } },
    { slug: 'graphs', data: { name: 'G', description: 'Graphs.', rules: { phrases: { 'graph neural network': 3, graph: 1, 'message passing': 2 }, title: { graph: 2 } } } },
    { slug: 'misc', data: { name: 'M', description: 'Misc.', catchAll: true } },
  ]);
  const file = (title: string, abstract: string) => assignTopics({ title, abstract }, topics);

  it('are not given on one word, even in the title, however close their score', () => {
    // vision 3x2 + 2 = 8; graphs "graph" 2x2 in the title + 1x2 in the abstract = 6, one word: main topic only.
    expect(file('Object detection with a pose graph', 'A detector over a graph of graph edges.')).toEqual(['vision']);
    // The same word can still make a paper's only topic.
    expect(file('A pose graph', 'Edges of a graph.')).toEqual(['graphs']);
  });

  it('are given on a defining phrase or a second rule', () => {
    expect(file('Object detection with graph neural networks', 'A detector over graph neural networks.')).toEqual(['graphs', 'vision']);
    expect(file('Object detection with a pose graph', 'A detector, with message passing over the graph.')).toEqual(['vision', 'graphs']);
  });
});

describe('topic precision against hand labels', () => {
  // tests/fixtures/topic-labels.jsonl: 460 corpus papers judged by reading title and abstract.
  const labels = readTopicLabels(join(ROOT, 'tests', 'fixtures', 'topic-labels.jsonl'));
  const assigned = new Map(corpus().map((p) => [p.id, assignTopics(p, taxonomy)]));

  it('labels 460 papers, 158 held out, with topics of the taxonomy', () => {
    expect(labels).toHaveLength(460);
    expect(labels.filter((l) => l.split === 'heldout')).toHaveLength(158);
    for (const label of labels) {
      expect(assigned.has(label.id), label.id).toBe(true);
      for (const slug of label.topics) expect(taxonomy.bySlug.has(slug), `${label.id}: ${slug}`).toBe(true);
    }
  });

  it('keeps the held-out precision it was measured at', () => {
    const heldOut = topicPrecision(labels.filter((l) => l.split === 'heldout'), assigned, taxonomy);
    expect(heldOut.mainRight).toBeGreaterThanOrEqual(0.9);
    expect(heldOut.allRight).toBeGreaterThanOrEqual(0.9);
    expect(heldOut.anyWrong).toBeLessThanOrEqual(0.1);
    expect(heldOut.coverage).toBeGreaterThanOrEqual(0.93);
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
