import { tokenize } from '../text/tokenize.ts';
import type { Token } from '../text/tokenize.ts';
import type { Taxonomy, TopicMatcher } from './taxonomy.ts';
import type { PaperText, Topic, TopicScore } from './types.ts';

/** A phrase found in the title counts this many times its weight (more would let one title word outweigh the abstract). */
export const TITLE_WEIGHT = 2;
/** Repeats of a phrase in the abstract count up to this many times. */
export const ABSTRACT_CAP = 3;
/** A phrase among the digest's key phrases counts this many times its weight (once). */
export const KEYWORD_WEIGHT = 2;
/** Weight from which one phrase of several words (or a regex) is a defining phrase, evidence on its own. */
export const DEFINING_WEIGHT = 3;

/** Weight from which a rule found in the title is evidence on its own. */
export const TITLE_EVIDENCE_WEIGHT = 2;
/** Weight from which a rule counts as one of the two different rules that are evidence together. */
export const SUPPORTING_WEIGHT = 1.5;

/** Options for `assignTopics`. */
export interface AssignOptions {
  /** Most topics per paper (default 3). */
  maxTopics?: number;
  /** Drop topics scoring below this share of the best topic's score (default 0.8). */
  minShareOfBest?: number;
}

/** A topic's score for a paper and whether the evidence behind it is enough to file the paper there. */
export interface TopicEvidence {
  score: number;
  /** Ruled out by an `exclude` rule. */
  excluded: boolean;
  /** A match in the title, a defining phrase, a category worth `minScore`, or two different rules. */
  enough: boolean;
  /** Evidence that needs no second rule: a match in the title, a defining phrase or a category worth `minScore`. */
  strong: boolean;
  /**
   * Evidence enough for a second or third topic: strong evidence that does not rest on one word, that
   * is a defining phrase of several words (or a regex), a category worth `minScore`, or a second rule
   * (a word and its title-only twin count as one rule).
   */
  firm: boolean;
}

/** A phrase rule found at tokens `start` to `end` (exclusive). */
interface PhraseMatch {
  rule: number;
  start: number;
  end: number;
}

/**
 * Words that several rules of one topic match count once for that topic, for the heaviest (then
 * longest) of them: "anomaly detection" is one piece of evidence, not also "anomaly", and a word with
 * a title-only twin is not counted twice. Negative rules and exclusions always count.
 */
function countPhraseHits(tokens: readonly Token[], matcher: TopicMatcher, counts: Int32Array, withTitleRules: boolean): void {
  const matches: PhraseMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = matcher.byFirstKey.get(tokens[i]?.base ?? '');
    if (candidates === undefined) continue;
    for (const ruleIndex of candidates) {
      const { kind, rule } = matcher.rules[ruleIndex]!;
      if (kind === 'title' && !withTitleRules) continue;
      const keys = rule.keys ?? [];
      let j = 1;
      while (j < keys.length && tokens[i + j]?.gap === false && tokens[i + j]?.base === keys[j]) j++;
      if (j < keys.length) continue;
      if (kind === 'exclude' || rule.weight < 0) counts[ruleIndex] = (counts[ruleIndex] ?? 0) + 1;
      else matches.push({ rule: ruleIndex, start: i, end: i + keys.length });
    }
  }
  const weight = (m: PhraseMatch) => matcher.rules[m.rule]?.rule.weight ?? 0;
  matches.sort((a, b) => weight(b) - weight(a) || b.end - b.start - (a.end - a.start));
  const claimed = new Map<number, Uint8Array>();
  for (const m of matches) {
    const topic = matcher.rules[m.rule]?.topic ?? -1;
    let taken = claimed.get(topic);
    if (taken === undefined) claimed.set(topic, (taken = new Uint8Array(tokens.length)));
    if (taken.subarray(m.start, m.end).includes(1)) continue;
    taken.fill(1, m.start, m.end);
    counts[m.rule] = (counts[m.rule] ?? 0) + 1;
  }
}

function countPatternHits(text: string, matcher: TopicMatcher, counts: Int32Array): void {
  const lower = text.toLowerCase();
  for (const ruleIndex of matcher.patterns) {
    const pattern = matcher.rules[ruleIndex]?.rule.pattern;
    if (pattern !== undefined) counts[ruleIndex] = (counts[ruleIndex] ?? 0) + [...lower.matchAll(pattern)].length;
  }
}

/** Matches of every rule in `text`; title-only rules take part only when `text` is a title. */
function countHits(text: string, matcher: TopicMatcher, isTitle = false): Int32Array {
  const counts = new Int32Array(matcher.rules.length);
  countPhraseHits(tokenize(text), matcher, counts, isTitle);
  countPatternHits(text, matcher, counts);
  return counts;
}

/** Keywords are separate phrases: a rule must match inside one, never across two. */
const keywordText = (keywords: readonly string[] | undefined) => (keywords ?? []).join(' ; ');

function categoryWeight(topic: Topic, categories: readonly string[]): number {
  let weight = 0;
  for (const { category, weight: w } of topic.rules.categories) {
    const at = categories.findIndex((c) => c === category || c.startsWith(`${category}.`));
    if (at !== -1) weight += at === 0 ? w : w / 2;
  }
  return weight;
}

/** Every topic's score and evidence for a paper, in taxonomy order. */
export function topicEvidence(paper: PaperText, taxonomy: Taxonomy): TopicEvidence[] {
  const { matcher } = taxonomy;
  const inTitle = countHits(paper.title, matcher, true);
  const inAbstract = countHits(paper.abstract, matcher);
  const inKeywords = countHits(keywordText(paper.keywords), matcher);
  const evidence = taxonomy.topics.map((): TopicEvidence & { rules: number; sources: Set<string>; phrase: boolean } => ({
    score: 0,
    excluded: false,
    enough: false,
    strong: false,
    firm: false,
    rules: 0,
    sources: new Set(),
    phrase: false,
  }));
  matcher.rules.forEach(({ topic, kind, rule }, i) => {
    const e = evidence[topic]!;
    const t = (inTitle[i] ?? 0) > 0 ? 1 : 0;
    const a = kind === 'title' ? 0 : Math.min(inAbstract[i] ?? 0, ABSTRACT_CAP);
    const k = kind === 'phrases' && (inKeywords[i] ?? 0) > 0 ? 1 : 0;
    if (t + a + k === 0) return;
    if (kind === 'exclude') {
      e.excluded = true;
      return;
    }
    e.score += rule.weight * (TITLE_WEIGHT * t + a + KEYWORD_WEIGHT * k);
    if (rule.weight < SUPPORTING_WEIGHT) return;
    e.rules++;
    e.sources.add(rule.keys?.join(' ') ?? rule.source);
    const phrase = rule.weight >= DEFINING_WEIGHT && (rule.keys === undefined || rule.keys.length > 1);
    if (phrase) e.phrase = true;
    if (phrase || (rule.weight >= DEFINING_WEIGHT && a >= 2) || (t > 0 && rule.weight >= TITLE_EVIDENCE_WEIGHT)) e.strong = true;
  });
  const categories = paper.categories ?? [];
  taxonomy.topics.forEach((topic, i) => {
    const e = evidence[i]!;
    const fromCategory = categories.length === 0 ? 0 : categoryWeight(topic, categories);
    e.score += fromCategory;
    if (fromCategory >= topic.rules.minScore) e.strong = e.phrase = true;
    else if (fromCategory >= SUPPORTING_WEIGHT) {
      e.rules++;
      e.sources.add('category');
    }
    e.enough = e.strong || e.rules >= 2;
    e.firm = e.strong && (e.phrase || e.sources.size >= 2);
  });
  return evidence.map(({ score, excluded, enough, strong, firm }) => ({ score, excluded, enough, strong, firm }));
}

/** Raw score of every topic for a paper (NaN marks a topic ruled out by `exclude`), in taxonomy order. */
export function rawTopicScores(paper: PaperText, taxonomy: Taxonomy): Float64Array {
  return Float64Array.from(topicEvidence(paper, taxonomy), (e) => (e.excluded ? Number.NaN : e.score));
}

function byScoreThenSlug(a: TopicScore, b: TopicScore): number {
  return b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

function qualifying(evidence: readonly TopicEvidence[], taxonomy: Taxonomy): (TopicScore & { firm: boolean })[] {
  return taxonomy.topics
    .map((topic, i) => ({ topic, e: evidence[i]! }))
    .filter(({ topic, e }) => !topic.catchAll && !e.excluded && e.enough && e.score >= topic.rules.minScore)
    .map(({ topic, e }) => ({ slug: topic.slug, score: e.score, firm: e.firm }))
    .sort(byScoreThenSlug);
}

function catchAlls(evidence: readonly TopicEvidence[], taxonomy: Taxonomy): string[] {
  return taxonomy.topics
    .filter((topic, i) => {
      if (!topic.catchAll) return false;
      const e = evidence[i]!;
      const hasRules = topic.rules.phrases.length + topic.rules.title.length + topic.rules.categories.length > 0;
      return hasRules ? !e.excluded && e.score >= topic.rules.minScore : !e.excluded;
    })
    .map((topic) => topic.slug);
}

/** Topics (not catch-alls) the paper has evidence for and whose score reaches their `minScore`, best first, ties by slug. */
export function scoreTopics(paper: PaperText, taxonomy: Taxonomy): TopicScore[] {
  return qualifying(topicEvidence(paper, taxonomy), taxonomy).map(({ slug, score }) => ({ slug, score }));
}

/**
 * Slugs of a paper's topics (at most `maxTopics`, best first): the best-scoring topic with enough
 * evidence, then others scoring close to it whose evidence does not rest on one word (`firm`): a
 * wrong second topic costs a reader more than a missing one. A catch-all only when nothing else fits.
 */
export function assignTopics(paper: PaperText, taxonomy: Taxonomy, options: AssignOptions = {}): string[] {
  const maxTopics = options.maxTopics ?? 3;
  const minShare = options.minShareOfBest ?? 0.8;
  const evidence = topicEvidence(paper, taxonomy);
  const scored = qualifying(evidence, taxonomy);
  const best = scored[0]?.score ?? 0;
  const kept = scored.filter((s, i) => i === 0 || (s.score >= best * minShare && s.firm)).slice(0, maxTopics);
  return kept.length > 0 ? kept.map((s) => s.slug) : catchAlls(evidence, taxonomy).slice(0, maxTopics);
}
