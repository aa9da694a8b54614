/**
 * Topic files: `content/topics/<slug>.md`, YAML frontmatter then optional Markdown prose.
 *
 *   ---
 *   name: Reinforcement learning            # shown to readers
 *   description: Agents that learn from reward ...   # one or two sentences
 *   aliases: [rl]                            # optional: old slugs that redirect here
 *   catchAll: true                           # optional: fallback topic, rules optional
 *   rules:
 *     minScore: 3                            # optional, default 3
 *     phrases:                               # phrase or /regex/: weight (non-zero, -10..10)
 *       reinforcement learning: 3            # abstract: weight × matches (up to 3);
 *       policy gradient: 2                   # title: weight × 2
 *       "/\\bq-?learning\\b/": 2            # regex on the lower-cased text
 *       image manipulation: -2               # negative weights count against
 *     title:                                 # matched in the title only (weight × 2)
 *       rl: 2
 *     exclude:                               # any match rules the topic out
 *       - quantum chemistry
 *     categories:                            # arXiv categories or archives (q-bio = q-bio.*):
 *       cs.LG: 1                             # the primary category counts the weight, others half
 *   ---
 *
 * Phrases match whole words in order, singular and plural alike ("diffusion model" matches
 * "Diffusion Models"), hyphens and slashes count as spaces, punctuation breaks a phrase.
 * Regular expressions must match in linear time: one that can backtrack catastrophically
 * (`/(\w+\s?)+:/`) is refused, naming the file and the rule (checked with recheck).
 *
 * A score is not enough: a paper gets a topic only with evidence (see `assign.ts`), a match in
 * the title, a defining phrase (several words or a regex, weight 3 or more, or one such word
 * found twice), a category worth `minScore`, or two different rules that match. A second or third
 * topic needs evidence that does not rest on one word: a defining phrase of several words (or a
 * regex), a category worth `minScore`, or two different rules. Words that several rules of a topic
 * match ("anomaly detection" and "anomaly") count once, for the heaviest rule.
 */
import { checkSync } from 'recheck';
import { parse as parseYaml } from 'yaml';
import { decodeTextBytes } from '../digest/decode.ts';
import { InputError } from '../digest/types.ts';
import { phraseBases } from '../text/tokenize.ts';
import type { CategoryRule, PhraseRule, Topic, TopicEntry, TopicRules } from './types.ts';

/** Score a paper needs for a topic whose file sets no `minScore`. */
export const DEFAULT_MIN_SCORE = 3;
const MAX_WEIGHT = 10;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RULE_FIELDS = new Set(['phrases', 'title', 'exclude', 'categories', 'minScore']);
const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;
const REGEX_FLAGS = 'giu';
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileRule(file: string, field: string, source: string, weight: number): PhraseRule {
  const where = `rules.${field} "${source}"`;
  if (source.length > 2 && source.startsWith('/') && source.endsWith('/')) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(source.slice(1, -1), REGEX_FLAGS);
    } catch (error) {
      throw new InputError(file, `${where}: invalid regular expression (${(error as Error).message})`);
    }
    rejectBacktracking(file, where, source.slice(1, -1));
    return { source, weight, pattern };
  }
  const keys = phraseBases(source);
  if (keys.length === 0) throw new InputError(file, `${where}: phrase has no words (write regular expressions as /.../)`);
  return { source, weight, keys };
}

/**
 * Refuses a regular expression whose matching time can grow faster than linearly with the text
 * (nested or overlapping repetition): on a long abstract it would hang the ingest for minutes.
 */
function rejectBacktracking(file: string, where: string, body: string): void {
  const diagnosis = checkSync(body, REGEX_FLAGS);
  if (diagnosis.status === 'safe') return;
  const why =
    diagnosis.status === 'vulnerable'
      ? `can take ${diagnosis.complexity.type} time on text like ${JSON.stringify(diagnosis.attack.pattern)} (nested or overlapping repetition); rewrite it without repeating a group that itself repeats, or use a phrase`
      : 'could not be shown to match in linear time; simplify it or use a phrase';
  throw new InputError(file, `${where}: unsafe regular expression: ${why}`);
}

function ruleIdentity(rule: PhraseRule): string {
  return rule.keys === undefined ? rule.source : rule.keys.join(' ');
}

function checkDuplicates(file: string, field: string, rules: readonly PhraseRule[]): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const id = ruleIdentity(rule);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new InputError(file, `rules.${field}: "${rule.source}" matches the same words as "${earlier}" (phrases match singular and plural alike)`);
    }
    seen.set(id, rule.source);
  }
}

function parseWeighted(file: string, field: string, value: unknown): PhraseRule[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) throw new InputError(file, `rules.${field} must be a mapping of phrase: weight`);
  const rules = Object.entries(value).map(([source, weight]) => {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight === 0 || Math.abs(weight) > MAX_WEIGHT) {
      throw new InputError(file, `rules.${field} "${source}": weight must be a non-zero number between -${MAX_WEIGHT} and ${MAX_WEIGHT}`);
    }
    return compileRule(file, field, source.trim(), weight);
  });
  checkDuplicates(file, field, rules);
  return rules;
}

function parseExclude(file: string, value: unknown): PhraseRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new InputError(file, 'rules.exclude must be a list of phrases');
  }
  const rules = value.map((source) => compileRule(file, 'exclude', source.trim(), 1));
  checkDuplicates(file, 'exclude', rules);
  return rules;
}

function parseCategories(file: string, value: unknown): CategoryRule[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) throw new InputError(file, 'rules.categories must be a mapping of arXiv category: weight');
  return Object.entries(value).map(([category, weight]) => {
    if (!CATEGORY.test(category)) throw new InputError(file, `rules.categories "${category}": not an arXiv category or archive (cs.IT, q-bio)`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight === 0 || Math.abs(weight) > MAX_WEIGHT) {
      throw new InputError(file, `rules.categories "${category}": weight must be a non-zero number between -${MAX_WEIGHT} and ${MAX_WEIGHT}`);
    }
    return { category, weight };
  });
}

function parseRules(file: string, value: unknown, catchAll: boolean): TopicRules {
  if (value === undefined && catchAll) return { phrases: [], title: [], exclude: [], categories: [], minScore: DEFAULT_MIN_SCORE };
  if (!isRecord(value)) throw new InputError(file, '`rules` is required: a mapping with `phrases`, `title`, `exclude`, `minScore`');
  for (const key of Object.keys(value)) {
    if (!RULE_FIELDS.has(key)) throw new InputError(file, `rules.${key}: unknown field (expected one of ${[...RULE_FIELDS].join(', ')})`);
  }
  const minScore = value['minScore'] ?? DEFAULT_MIN_SCORE;
  if (typeof minScore !== 'number' || !(minScore > 0)) throw new InputError(file, 'rules.minScore must be a positive number');
  const rules: TopicRules = {
    phrases: parseWeighted(file, 'phrases', value['phrases']),
    title: parseWeighted(file, 'title', value['title']),
    exclude: parseExclude(file, value['exclude']),
    categories: parseCategories(file, value['categories']),
    minScore,
  };
  const positive = [...rules.phrases, ...rules.title].some((r) => r.weight > 0);
  if (!positive && !catchAll) throw new InputError(file, 'rules: needs at least one phrase with a positive weight');
  return rules;
}

function requireText(file: string, data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(file, `\`${key}\` must be a non-empty string`);
  return value.trim();
}

function parseAliases(file: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError(file, '`aliases` must be a list of old slugs');
  return value.map((alias) => {
    if (typeof alias !== 'string' || !SLUG.test(alias)) throw new InputError(file, `aliases: "${String(alias)}" is not a slug (lower-case ascii words joined by hyphens)`);
    return alias;
  });
}

/** Validates one topic's frontmatter and body; throws InputError naming the file on a bad field or rule. */
export function parseTopic(slug: string, data: unknown, body = '', file = `content/topics/${slug}.md`): Topic {
  if (!SLUG.test(slug)) throw new InputError(file, `slug "${slug}" must be lower-case ascii words joined by hyphens`);
  if (!isRecord(data)) throw new InputError(file, 'frontmatter must be a YAML mapping');
  const catchAll = data['catchAll'] ?? false;
  if (typeof catchAll !== 'boolean') throw new InputError(file, '`catchAll` must be true or false');
  return {
    slug,
    name: requireText(file, data, 'name'),
    description: requireText(file, data, 'description'),
    aliases: parseAliases(file, data['aliases']),
    catchAll,
    rules: parseRules(file, data['rules'], catchAll),
    body: body.trim(),
    file,
  };
}

/**
 * Splits a topic Markdown file into slug (from its name), YAML frontmatter and body. Bytes get the
 * checks a digest gets (UTF-8 only: a Latin-1 file would put U+FFFD into every page of the topic).
 */
export function parseTopicMarkdown(file: string, content: string | Uint8Array): TopicEntry {
  const text = typeof content === 'string' ? content : decodeTextBytes(file, content, 'topic file');
  const slug = (file.split(/[\\/]/).pop() ?? file).replace(/\.mdx?$/, '');
  const match = FRONTMATTER.exec(text.replace(/^\uFEFF/, ''));
  if (match === null) throw new InputError(file, 'expected YAML frontmatter between --- lines at the top', 1);
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new InputError(file, `frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  return { slug, data, body: match[2] ?? '', file };
}
