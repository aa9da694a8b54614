/**
 * An extractive one-sentence TL;DR: the abstract's own sentence that states the contribution
 * ("We propose…", "This paper introduces…"), verbatim. No model: cue phrases pick it, the
 * earliest of the strongest wins, and an abstract without such a sentence gets none.
 */
import { SENTENCE_BREAK } from '../digest/text.ts';

/** Longest sentence offered; longer ones are not a TL;DR. */
export const TLDR_MAX_CHARS = 250;
const TLDR_MIN_CHARS = 40;

const CUES: [RegExp, number][] = [
  [/\b(?:we|this (?:paper|work|study|article)|in this (?:paper|work))\b[^.]{0,60}?\b(?:propose|introduce|present)s?\b/i, 4],
  [/\b(?:we|this (?:paper|work|study|article)|our (?:method|approach|framework|model|system))\b[^.]{0,60}?\b(?:develop|design|build|offer|release|contribute|formulate|construct)s?\b/i, 3],
  [/\b(?:here|to (?:address|tackle|overcome|bridge|fill) (?:this|these|the)\b)/i, 2],
  [/\b(?:we|our)\b[^.]{0,40}?\b(?:show|demonstrate|find|prove|establish)s?\b/i, 1],
];

/** The abstract's sentences, split where the digest reader splits them. */
export function sentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return [];
  const out: string[] = [];
  let start = 0;
  for (const match of flat.matchAll(new RegExp(SENTENCE_BREAK.source, SENTENCE_BREAK.flags))) {
    const end = match.index + match[0].trimEnd().length;
    out.push(flat.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  out.push(flat.slice(start).trim());
  return out.filter((s) => s !== '');
}

/** The sentence of `abstract` that states the contribution, or undefined. */
export function extractiveTldr(abstract: string): string | undefined {
  let best: { sentence: string; score: number } | undefined;
  for (const sentence of sentences(abstract)) {
    if (sentence.length < TLDR_MIN_CHARS || sentence.length > TLDR_MAX_CHARS) continue;
    const score = Math.max(0, ...CUES.filter(([cue]) => cue.test(sentence)).map(([, weight]) => weight));
    if (score > 0 && (best === undefined || score > best.score)) best = { sentence, score };
  }
  return best?.sentence;
}
