import { InputError } from '../digest/types.ts';
import { parseTopic } from './parse.ts';
import type { PhraseRule, Topic, TopicEntry } from './types.ts';

/** Where a compiled rule counts: both fields, the title only, or as a veto. */
export type RuleKind = 'phrases' | 'title' | 'exclude';

/** A rule of one topic, flattened for matching. */
export interface CompiledRule {
  topic: number;
  kind: RuleKind;
  rule: PhraseRule;
}

/** All rules of a taxonomy, indexed by the first word of each phrase. */
export interface TopicMatcher {
  rules: readonly CompiledRule[];
  /** First word (singular form) → indexes into `rules` of phrase rules starting with it. */
  byFirstKey: ReadonlyMap<string, readonly number[]>;
  /** Indexes into `rules` of regular-expression rules. */
  patterns: readonly number[];
}

/** A validated set of topics, ready for `assignTopics`. */
export interface Taxonomy {
  /** Topics sorted by slug. */
  topics: readonly Topic[];
  bySlug: ReadonlyMap<string, Topic>;
  /** Old slug → current slug, from `aliases`. */
  redirects: ReadonlyMap<string, string>;
  matcher: TopicMatcher;
}

function compileMatcher(topics: readonly Topic[]): TopicMatcher {
  const rules: CompiledRule[] = [];
  topics.forEach((topic, index) => {
    for (const kind of ['phrases', 'title', 'exclude'] as const) {
      for (const rule of topic.rules[kind]) rules.push({ topic: index, kind, rule });
    }
  });
  const byFirstKey = new Map<string, number[]>();
  const patterns: number[] = [];
  rules.forEach(({ rule }, i) => {
    const first = rule.keys?.[0];
    if (first === undefined) patterns.push(i);
    else byFirstKey.set(first, [...(byFirstKey.get(first) ?? []), i]);
  });
  return { rules, byFirstKey, patterns };
}

function collectRedirects(topics: readonly Topic[]): Map<string, string> {
  const redirects = new Map<string, string>();
  const slugs = new Set(topics.map((t) => t.slug));
  for (const topic of topics) {
    for (const alias of topic.aliases) {
      if (slugs.has(alias)) throw new InputError(topic.file, `alias "${alias}" is the slug of an existing topic`);
      const other = redirects.get(alias);
      if (other !== undefined) throw new InputError(topic.file, `alias "${alias}" is already an alias of topic "${other}"`);
      redirects.set(alias, topic.slug);
    }
  }
  return redirects;
}

/** Builds a taxonomy from already-parsed topics; checks slugs and aliases are unique. */
export function buildTaxonomy(parsed: readonly Topic[]): Taxonomy {
  const topics = [...parsed].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const bySlug = new Map<string, Topic>();
  for (const topic of topics) {
    const earlier = bySlug.get(topic.slug);
    if (earlier !== undefined) throw new InputError(topic.file, `duplicate topic slug "${topic.slug}" (also in ${earlier.file})`);
    bySlug.set(topic.slug, topic);
  }
  return { topics, bySlug, redirects: collectRedirects(topics), matcher: compileMatcher(topics) };
}

/** Parses and validates every topic entry (frontmatter + body) into a taxonomy. */
export function loadTaxonomy(entries: readonly TopicEntry[]): Taxonomy {
  if (entries.length === 0) throw new InputError('content/topics', 'the taxonomy has no topics');
  return buildTaxonomy(entries.map((e) => parseTopic(e.slug, e.data, e.body ?? '', e.file)));
}

/** The current slug for a slug or an old alias, or undefined when unknown. */
export function resolveTopicSlug(taxonomy: Taxonomy, slug: string): string | undefined {
  return taxonomy.bySlug.has(slug) ? slug : taxonomy.redirects.get(slug);
}
