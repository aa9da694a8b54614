export { bibtex, bibtexName, bibtexText, isArxivId } from './bibtex.ts';
export type { CiteSource } from './bibtex.ts';
export { assignKeys, baseKey, citeBase, citeYear, familyName } from './keys.ts';
export { csl, plainCitation, ris } from './formats.ts';
export type { CslItem } from './formats.ts';
