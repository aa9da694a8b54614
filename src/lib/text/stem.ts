/**
 * English stems for matching words across papers: the Porter2 ("Snowball English") stemmer of
 * wink-porter2-stemmer, memoised, and a lighter plural-to-singular normalisation.
 */
import porter2 from 'wink-porter2-stemmer';

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/** Porter2 stem of a lower-case word ("networks" → "network", "learning" → "learn"); memoised. */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  // Tokens with digits ("gpt4", "3d") and very long strings are identifiers, not English.
  const result = /\d/.test(word) || word.length > 40 ? word : porter2(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, result);
  return result;
}

const SINGULAR_EXCEPTIONS = new Set([
  'bias', 'atlas', 'canvas', 'gas', 'alias', 'lens', 'news', 'series', 'species', 'physics', 'mathematics', 'economics', 'ethics',
  'statistics', 'robotics', 'linguistics', 'genomics', 'dynamics', 'graphics', 'analytics', 'kinematics', 'semantics', 'mechanics',
  'diabetes', 'data', 'always', 'perhaps', 'thus', 'has', 'was', 'is', 'its', 'this', 'does', 'plus', 'versus', 'basis', 'analysis', 'axis',
]);
const singularCache = new Map<string, string>();

function toSingular(word: string): string {
  if (word.length <= 3 || SINGULAR_EXCEPTIONS.has(word) || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(?:ss|us|is|ys|ous)$/.test(word)) return word;
  if (/(?:sses|xes|ches|shes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Light normalisation of a lower-case word: plural → singular only ("models" → "model", "modeling" unchanged); memoised. */
export function singular(word: string): string {
  const hit = singularCache.get(word);
  if (hit !== undefined) return hit;
  const result = toSingular(word);
  if (singularCache.size >= CACHE_LIMIT) singularCache.clear();
  singularCache.set(word, result);
  return result;
}
