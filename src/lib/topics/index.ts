export type { CategoryRule, PaperText, PhraseRule, Topic, TopicEntry, TopicRules, TopicScore } from './types.ts';
export type { CompiledRule, RuleKind, Taxonomy, TopicMatcher } from './taxonomy.ts';
export type { AssignOptions, TopicEvidence } from './assign.ts';
export { DEFAULT_MIN_SCORE, parseTopic, parseTopicMarkdown } from './parse.ts';
export { buildTaxonomy, loadTaxonomy, resolveTopicSlug } from './taxonomy.ts';
export { ABSTRACT_CAP, DEFINING_WEIGHT, KEYWORD_WEIGHT, TITLE_WEIGHT, assignTopics, rawTopicScores, scoreTopics, topicEvidence } from './assign.ts';
export type { KeyPhraseOptions, PhraseStats } from './keyphrases.ts';
export { buildPhraseStats, keyPhrases, phraseKeysOf } from './keyphrases.ts';
