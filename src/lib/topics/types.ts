/** The text a topic or related-paper computation looks at. */
export interface PaperText {
  title: string;
  abstract: string;
  /** arXiv categories when known, the primary first (e.g. `["cs.IT", "cs.LG"]`). */
  categories?: readonly string[] | undefined;
  /** Key phrases a digest gives (Hugging Face `ai_keywords`), when known. */
  keywords?: readonly string[] | undefined;
}

/** One matching rule: a phrase (matched on singular word forms) or a regular expression, with a weight. */
export interface PhraseRule {
  /** The rule as written in the topic file, e.g. `diffusion models` or `/\bq-?learning\b/`. */
  source: string;
  /** Score per match; negative weights count against the topic. */
  weight: number;
  /** Singular word forms the phrase must match, in order, with no punctuation between them (phrase rules). */
  keys?: readonly string[];
  /** Case-insensitive pattern tested on the lower-cased text (regex rules, written `/.../`). */
  pattern?: RegExp;
}

/** An arXiv category (`cs.IT`) or archive (`q-bio`, matching every `q-bio.*`) with a weight. */
export interface CategoryRule {
  category: string;
  weight: number;
}

/** How a topic matches a paper. */
export interface TopicRules {
  /** Matched in title and abstract; a title match counts TITLE_WEIGHT times. */
  phrases: readonly PhraseRule[];
  /** Matched in the title only. */
  title: readonly PhraseRule[];
  /** Any match in title or abstract rules the topic out (weights ignored). */
  exclude: readonly PhraseRule[];
  /** arXiv categories: the primary category counts the weight, a cross-listing half of it. */
  categories: readonly CategoryRule[];
  /** Score a paper needs to get the topic. */
  minScore: number;
}

/** A topic of the taxonomy, parsed and validated from `content/topics/<slug>.md`. */
export interface Topic {
  slug: string;
  name: string;
  description: string;
  /** Old slugs (renamed or merged topics) whose URLs should lead to this topic. */
  aliases: readonly string[];
  /** A broad fallback: given only to papers that no other topic matches. */
  catchAll: boolean;
  rules: TopicRules;
  /** Markdown prose for the topic page ('' when none). */
  body: string;
  /** Where the topic came from, for messages. */
  file: string;
}

/** Raw input for one topic: frontmatter object and body as read from its file. */
export interface TopicEntry {
  slug: string;
  data: unknown;
  body?: string;
  file?: string;
}

/** A paper's score for one topic. */
export interface TopicScore {
  slug: string;
  score: number;
}
