import { singular, stem } from './stem.ts';
import { textOutsideMath } from './tex.ts';

/** One word of a text, in three forms. */
export interface Token {
  /** The word as written (case kept), for display. */
  surface: string;
  /** Lower case, diacritics removed. */
  word: string;
  /** Singular of `word` ("models" → "model"): the form topic phrases and key phrases match on. */
  base: string;
  /** Porter2 stem of `word` ("modeling" → "model"): the form related-paper vectors count. */
  key: string;
  /** True when punctuation, maths or a URL separates this token from the previous one. */
  gap: boolean;
}

// URLs carry no topical words we can use; they become phrase boundaries, as maths do.
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
// Hyphens and slashes inside a compound ("vision-language", "encoder/decoder") join words.
const JOINER = /(?<=[\p{L}\p{N}])[-‐‑/](?=[\p{L}\p{N}])/gu;
const POSSESSIVE = /(?<=\p{L})['’]s\b/gu;
const PIECE = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const WORDCHAR = /[\p{L}\p{N}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;

/** Lower-cases a word and strips diacritics and apostrophes ("Naïve" → "naive"). */
export function normalizeWord(surface: string): string {
  let w = surface.toLowerCase();
  if (NON_ASCII.test(w)) w = w.normalize('NFKD').replace(MARKS, '');
  return w.includes("'") || w.includes('’') ? w.replace(/['’]/g, '') : w;
}

/** Splits text into word tokens, marking punctuation boundaries; maths and URLs are dropped. */
export function tokenize(text: string): Token[] {
  const cleaned = textOutsideMath(text.replace(URL, ' . '), ' . ').replace(JOINER, ' ').replace(POSSESSIVE, '');
  const tokens: Token[] = [];
  let gap = false;
  for (const match of cleaned.matchAll(PIECE)) {
    const piece = match[0];
    if (!WORDCHAR.test(piece[0] ?? '')) {
      gap = true;
      continue;
    }
    const word = normalizeWord(piece);
    tokens.push({ surface: piece, word, base: singular(word), key: stem(word), gap });
    gap = false;
  }
  return tokens;
}

/** Singular base forms of a short phrase, e.g. "Diffusion Models" → ["diffusion", "model"]. */
export function phraseBases(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.base);
}

/** True when the word is only digits (years, counts, version numbers). */
export function isNumeric(word: string): boolean {
  return /^\d+$/.test(word);
}
