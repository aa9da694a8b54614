import { tokenize } from '../text/tokenize.ts';
import type { Token } from '../text/tokenize.ts';
import type { Taxonomy, TopicMatcher } from './taxonomy.ts';
import type { PaperText, TopicScore } from './types.ts';

/** A phrase found in the title counts this many times its weight. */
export const TITLE_WEIGHT = 3;
/** Repeats of a phrase in the abstract count up to this many times. */
export const ABSTRACT_CAP = 3;

/** Options for `assignTopics`. */
export interface AssignOptions {
  /** Most topics per paper (default 4). */
  maxTopics?: number;
  /** Drop topics scoring below this share of the best topic's score (default 0.25). */
  minShareOfBest?: number;
}

function countPhraseHits(tokens: readonly Token[], matcher: TopicMatcher, counts: Int32Array): void {
  for (let i = 0; i < tokens.length; i++) {
    const candidates = matcher.byFirstKey.get(tokens[i]?.base ?? '');
    if (candidates === undefined) continue;
    for (const ruleIndex of candidates) {
      const keys = matcher.rules[ruleIndex]?.rule.keys ?? [];
      let j = 1;
      while (j < keys.length && tokens[i + j]?.gap === false && tokens[i + j]?.base === keys[j]) j++;
      if (j === keys.length) counts[ruleIndex] = (counts[ruleIndex] ?? 0) + 1;
    }
  }
}

function countPatternHits(text: string, matcher: TopicMatcher, counts: Int32Array): void {
  const lower = text.toLowerCase();
  for (const ruleIndex of matcher.patterns) {
    const pattern = matcher.rules[ruleIndex]?.rule.pattern;
    if (pattern !== undefined) counts[ruleIndex] = (counts[ruleIndex] ?? 0) + [...lower.matchAll(pattern)].length;
  }
}

function countHits(text: string, matcher: TopicMatcher): Int32Array {
  const counts = new Int32Array(matcher.rules.length);
  countPhraseHits(tokenize(text), matcher, counts);
  countPatternHits(text, matcher, counts);
  return counts;
}

/** Raw score of every topic for a paper (NaN marks a topic ruled out by `exclude`), in taxonomy order. */
export function rawTopicScores(paper: PaperText, taxonomy: Taxonomy): Float64Array {
  const { matcher } = taxonomy;
  const inTitle = countHits(paper.title, matcher);
  const inAbstract = countHits(paper.abstract, matcher);
  const scores = new Float64Array(taxonomy.topics.length);
  matcher.rules.forEach(({ topic, kind, rule }, i) => {
    const t = (inTitle[i] ?? 0) > 0 ? 1 : 0;
    const a = Math.min(inAbstract[i] ?? 0, ABSTRACT_CAP);
    if (kind === 'exclude') {
      if (t + a > 0) scores[topic] = Number.NaN;
    } else {
      scores[topic] = (scores[topic] ?? 0) + rule.weight * (TITLE_WEIGHT * t + (kind === 'phrases' ? a : 0));
    }
  });
  return scores;
}

function byScoreThenSlug(a: TopicScore, b: TopicScore): number {
  return b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

function qualifying(scores: Float64Array, taxonomy: Taxonomy): TopicScore[] {
  return taxonomy.topics
    .map((topic, i) => ({ topic, score: scores[i] ?? 0 }))
    .filter(({ topic, score }) => !topic.catchAll && score >= topic.rules.minScore)
    .map(({ topic, score }) => ({ slug: topic.slug, score }))
    .sort(byScoreThenSlug);
}

function catchAlls(scores: Float64Array, taxonomy: Taxonomy): string[] {
  return taxonomy.topics
    .filter((topic, i) => {
      if (!topic.catchAll) return false;
      const hasRules = topic.rules.phrases.length + topic.rules.title.length > 0;
      const score = scores[i] ?? 0;
      return hasRules ? score >= topic.rules.minScore : !Number.isNaN(score);
    })
    .map((topic) => topic.slug);
}

/** Topics (not catch-alls) whose score reaches their `minScore`, best first, ties by slug. */
export function scoreTopics(paper: PaperText, taxonomy: Taxonomy): TopicScore[] {
  return qualifying(rawTopicScores(paper, taxonomy), taxonomy);
}

/** Slugs of a paper's topics (at most `maxTopics`, best first); a catch-all only when nothing else fits. */
export function assignTopics(paper: PaperText, taxonomy: Taxonomy, options: AssignOptions = {}): string[] {
  const maxTopics = options.maxTopics ?? 4;
  const minShare = options.minShareOfBest ?? 0.25;
  const scores = rawTopicScores(paper, taxonomy);
  const scored = qualifying(scores, taxonomy);
  const best = scored[0]?.score ?? 0;
  const kept = scored.filter((s) => s.score >= best * minShare).slice(0, maxTopics);
  return kept.length > 0 ? kept.map((s) => s.slug) : catchAlls(scores, taxonomy).slice(0, maxTopics);
}
