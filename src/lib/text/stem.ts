/**
 * English stemmer: the Porter2 ("Snowball English") algorithm by Martin Porter,
 * https://snowballstem.org/algorithms/english/stemmer.html — written out here so
 * the shared text code has no runtime dependency. Input: a lower-case word.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const LI_ENDING = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);
const EXCEPTIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
  gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
  sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
}));
const AFTER_1A = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);
const R1_PREFIXES = ['gener', 'commun', 'arsen'];

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'],
  ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'],
  ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'],
  ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'],
  ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
];
const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
  ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', ''],
];
const STEP4 = [
  'ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion',
  'al', 'er', 'ic',
];

function isVowel(w: string, i: number): boolean {
  return VOWELS.has(w[i] ?? '');
}

/** Start of the region after the first non-vowel that follows a vowel, from `from`. */
function regionAfter(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w, i) && isVowel(w, i - 1)) return i + 1;
  }
  return w.length;
}

function shortSyllableAt(w: string, end: number): boolean {
  // The syllable ends at index end-1.
  if (end === 2) return isVowel(w, 0) && !isVowel(w, 1);
  const c = w[end - 1] ?? '';
  return end >= 3 && !isVowel(w, end - 3) && isVowel(w, end - 2) && !isVowel(w, end - 1) && c !== 'w' && c !== 'x' && c !== 'Y';
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ied') || w.endsWith('ies')) return w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  if (w.endsWith('us') || w.endsWith('ss')) return w;
  if (w.endsWith('s')) {
    for (let i = 0; i < w.length - 2; i++) if (isVowel(w, i)) return w.slice(0, -1);
  }
  return w;
}

function step1b(w: string, r1: number): string {
  for (const suffix of ['eedly', 'eed']) {
    if (w.endsWith(suffix)) return w.length - suffix.length >= r1 ? w.slice(0, -suffix.length) + 'ee' : w;
  }
  for (const suffix of ['ingly', 'edly', 'ing', 'ed']) {
    if (!w.endsWith(suffix)) continue;
    const stemPart = w.slice(0, -suffix.length);
    if (![...stemPart].some((_, i) => isVowel(stemPart, i))) return w;
    if (/(at|bl|iz)$/.test(stemPart)) return stemPart + 'e';
    if (DOUBLES.has(stemPart.slice(-2))) return stemPart.slice(0, -1);
    if (r1 >= stemPart.length && shortSyllableAt(stemPart, stemPart.length)) return stemPart + 'e';
    return stemPart;
  }
  return w;
}

function step1c(w: string): string {
  const last = w[w.length - 1];
  if ((last === 'y' || last === 'Y') && w.length > 2 && !isVowel(w, w.length - 2)) return w.slice(0, -1) + 'i';
  return w;
}

function step2(w: string, r1: number): string {
  for (const [suffix, replacement] of STEP2) {
    if (!w.endsWith(suffix)) continue;
    const at = w.length - suffix.length;
    if (at < r1) return w;
    if (suffix === 'ogi') return w[at - 1] === 'l' ? w.slice(0, at) + replacement : w;
    if (suffix === 'li') return LI_ENDING.has(w[at - 1] ?? '') ? w.slice(0, at) : w;
    return w.slice(0, at) + replacement;
  }
  return w;
}

function step3(w: string, r1: number, r2: number): string {
  for (const [suffix, replacement] of STEP3) {
    if (!w.endsWith(suffix)) continue;
    const at = w.length - suffix.length;
    if (at < r1 || (suffix === 'ative' && at < r2)) return w;
    return w.slice(0, at) + replacement;
  }
  return w;
}

function step4(w: string, r2: number): string {
  for (const suffix of STEP4) {
    if (!w.endsWith(suffix)) continue;
    const at = w.length - suffix.length;
    if (at < r2) return w;
    if (suffix === 'ion') return w[at - 1] === 's' || w[at - 1] === 't' ? w.slice(0, at) : w;
    return w.slice(0, at);
  }
  return w;
}

function step5(w: string, r1: number, r2: number): string {
  const at = w.length - 1;
  if (w.endsWith('e') && (at >= r2 || (at >= r1 && !shortSyllableAt(w, at)))) return w.slice(0, at);
  if (w.endsWith('ll') && at >= r2) return w.slice(0, at);
  return w;
}

function porter2(input: string): string {
  if (input.length <= 2) return input;
  const exception = EXCEPTIONS.get(input);
  if (exception !== undefined) return exception;
  let w = input.replace(/^y/, 'Y').replace(/(?<=[aeiouy])y/g, 'Y');
  const prefix = R1_PREFIXES.find((p) => w.startsWith(p));
  const r1 = prefix === undefined ? regionAfter(w, 0) : prefix.length;
  const r2 = regionAfter(w, r1);
  w = step1a(w);
  if (AFTER_1A.has(w)) return w;
  w = step1b(w, r1);
  w = step1c(w);
  w = step2(w, r1);
  w = step3(w, r1, r2);
  w = step4(w, r2);
  w = step5(w, r1, r2);
  return w.replace(/Y/g, 'y');
}

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
