export type { Token } from './tokenize.ts';
export { isNumeric, normalizeWord, phraseBases, tokenize } from './tokenize.ts';
export { singular, stem } from './stem.ts';
export { FILLER_WORDS, STOPWORDS, isFiller, isStopword } from './stopwords.ts';
