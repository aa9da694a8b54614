import { isFiller } from '../text/stopwords.ts';
import { isNumeric, tokenize } from '../text/tokenize.ts';
import type { PaperText } from '../topics/types.ts';

/** Tunable weighting of related-paper vectors (stored in the cache: changing one forces a rebuild). */
export interface VectorParams {
  /** A title word counts this many times an abstract word. */
  titleWeight: number;
  /** Exponent on idf: below 1 favours shared vocabulary over rare coincidences. */
  idfPower: number;
  /** Terms found in fewer papers than this (in the statistics sample) are dropped. */
  minDf: number;
  /** Terms found in more than this share of papers are dropped (they cost most and say least). */
  maxDfShare: number;
  /** Count adjacent-word pairs (bigrams) as terms too. */
  bigrams: boolean;
  /** Term count given to each of a paper's taxonomy topics (0 ignores topics). */
  topicWeight: number;
}

/** The weighting measured best on the arXiv corpus (see scripts/quality.ts). */
export const DEFAULT_VECTOR_PARAMS: VectorParams = {
  titleWeight: 2,
  idfPower: 0.5,
  minDf: 2,
  maxDfShare: 1,
  bigrams: true,
  topicWeight: 3,
};

/** Term → id lookup: a Map when built, a sorted table when read back from a cache. */
export interface TermIds {
  get(term: string): number | undefined;
  readonly size: number;
}

/** Vocabulary and document frequencies from a sample of papers. */
export interface TermStats {
  docs: number;
  /** Term → id, for terms kept by minDf / maxDfShare. */
  ids: TermIds;
  /** Document frequency by term id. */
  df: Int32Array;
}

/** What the vectors are built from: text, and optionally the paper's taxonomy topics. */
export interface VectorInput extends PaperText {
  /** Topic slugs from `assignTopics`; each becomes a term, so papers on the same topic lean together. */
  topics?: readonly string[];
}

/** Term counts of a paper: Porter2 stems of content words, stem bigrams, and `#topic` terms; title words weigh more. */
export function termCounts(paper: VectorInput, params: VectorParams): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    let prev: string | null = null;
    for (const token of tokenize(text)) {
      if (token.gap) prev = null;
      if (isFiller(token.word) || isNumeric(token.word) || token.word.length < 2) {
        prev = null;
        continue;
      }
      counts.set(token.key, (counts.get(token.key) ?? 0) + weight);
      if (params.bigrams && prev !== null) {
        const bigram = `${prev} ${token.key}`;
        counts.set(bigram, (counts.get(bigram) ?? 0) + weight);
      }
      prev = token.key;
    }
  };
  add(paper.title, params.titleWeight);
  add(paper.abstract, 1);
  if (params.topicWeight > 0) for (const slug of paper.topics ?? []) counts.set(`#${slug}`, params.topicWeight);
  return counts;
}

/** Builds the vocabulary from the papers of the statistics sample. */
export function buildTermStats(sample: Iterable<VectorInput>, params: VectorParams): TermStats & { ids: Map<string, number> } {
  const df = new Map<string, number>();
  let docs = 0;
  for (const paper of sample) {
    docs++;
    for (const term of termCounts(paper, params).keys()) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const maxDf = Math.max(params.minDf, Math.floor(params.maxDfShare * docs));
  const kept = [...df].filter(([, n]) => n >= params.minDf && n <= maxDf).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ids = new Map<string, number>();
  const dfById = new Int32Array(kept.length);
  kept.forEach(([term, n], i) => {
    ids.set(term, i);
    dfById[i] = n;
  });
  return { docs, ids, df: dfById };
}

/** Scale of the integer weights: exact integer dot products make scores symmetric and order-independent. */
export const WEIGHT_SCALE = 1 << 15;

/** A paper's unit-length vector with integer weights, (1 + ln tf) · idf^p quantised; terms outside the vocabulary are dropped. */
export function weightVector(paper: VectorInput, stats: TermStats, params: VectorParams): { terms: Int32Array; weights: Float64Array } {
  const ids: number[] = [];
  const raw: number[] = [];
  let norm = 0;
  for (const [term, tf] of termCounts(paper, params)) {
    const id = stats.ids.get(term);
    if (id === undefined) continue;
    const idf = Math.log((1 + stats.docs) / (1 + (stats.df[id] ?? 0))) + 1;
    const w = (1 + Math.log(tf)) * Math.pow(idf, params.idfPower);
    ids.push(id);
    raw.push(w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  const terms: number[] = [];
  const weights: number[] = [];
  raw.forEach((w, i) => {
    const q = Math.round((w / norm) * WEIGHT_SCALE);
    if (q > 0) {
      terms.push(ids[i] ?? 0);
      weights.push(q);
    }
  });
  return { terms: Int32Array.from(terms), weights: Float64Array.from(weights) };
}
