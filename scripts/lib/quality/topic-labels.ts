/**
 * Topic precision against hand labels (`tests/fixtures/topic-labels.jsonl`).
 *
 * Each line: `{"id", "split": "tune" | "heldout", "topics": [main, ...others], "title"}`. The papers are
 * the distinct corpus papers in order of sha256(`daybook-topic-labels:<id>`): the first 320 split by
 * the parity of that hash's last hex digit (162 tuning, 158 held out), fixed before any tuning; the
 * next 80, labelled later to tune on, are all tuning; so are the last 60, the next papers in that order
 * that the rules of early December 2026 filed under two topics or more (labelled to tune second topics,
 * once the first 242 tuning papers no longer showed the rules' errors). `topics` lists every topic a
 * reader would accept for the paper, judged from title and abstract; a filing outside that list is wrong.
 */
import { readFileSync } from 'node:fs';
import { resolveTopicSlug } from '../../../src/lib/topics/index.ts';
import type { Taxonomy } from '../../../src/lib/topics/index.ts';

export type Split = 'tune' | 'heldout';

export interface TopicLabel {
  id: string;
  split: Split;
  /** Acceptable topics, the best (main) first. */
  topics: readonly string[];
}

export function readTopicLabels(file: string): TopicLabel[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const label = JSON.parse(line) as TopicLabel;
      if (typeof label.id !== 'string' || !['tune', 'heldout'].includes(label.split) || !Array.isArray(label.topics) || label.topics.length === 0) {
        throw new Error(`${file}:${i + 1}: expected {"id", "split": "tune"|"heldout", "topics": [...]}`);
      }
      return label;
    });
}

/** Precision figures for one split; a paper filed only under the catch-all counts as uncovered, not wrong. */
export interface TopicPrecision {
  papers: number;
  /** Papers filed under at least one specific (non-catch-all) topic. */
  filed: number;
  coverage: number;
  /** Share of filed papers whose first topic is acceptable. */
  mainRight: number;
  /** Share of specific topics assigned (over all filed papers) that are acceptable. */
  allRight: number;
  /** Share of filed papers with at least one unacceptable topic. */
  anyWrong: number;
  topicsPerPaper: number;
  /** The wrong filings, for reading: id, assigned, acceptable. */
  mistakes: { id: string; assigned: string[]; wrong: string[]; acceptable: readonly string[] }[];
}

/**
 * Scores assigned topics (slugs of `taxonomy`, or old slugs it aliases) against the labels of one split.
 * `assigned` maps paper id → its topics, best first.
 */
export function topicPrecision(labels: readonly TopicLabel[], assigned: ReadonlyMap<string, readonly string[]>, taxonomy: Taxonomy): TopicPrecision {
  let filed = 0;
  let mainRight = 0;
  let topics = 0;
  let topicsRight = 0;
  let anyWrong = 0;
  const mistakes: TopicPrecision['mistakes'] = [];
  for (const label of labels) {
    const slugs = (assigned.get(label.id) ?? []).map((s) => resolveTopicSlug(taxonomy, s) ?? s).filter((s) => taxonomy.bySlug.get(s)?.catchAll !== true);
    if (slugs.length === 0) continue;
    filed++;
    const wrong = slugs.filter((s) => !label.topics.includes(s));
    if (label.topics.includes(slugs[0] ?? '')) mainRight++;
    topics += slugs.length;
    topicsRight += slugs.length - wrong.length;
    if (wrong.length > 0) {
      anyWrong++;
      mistakes.push({ id: label.id, assigned: slugs, wrong, acceptable: label.topics });
    }
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1e4) / 1e4);
  return {
    papers: labels.length,
    filed,
    coverage: share(filed, labels.length),
    mainRight: share(mainRight, filed),
    allRight: share(topicsRight, topics),
    anyWrong: share(anyWrong, filed),
    topicsPerPaper: share(topics, filed),
    mistakes,
  };
}
