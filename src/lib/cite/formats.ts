/**
 * The other forms of a citation: a plain-text line (shown beside the BibTeX), RIS and CSL-JSON
 * (exported from /saved/). Same input as `bibtex()`.
 */
import type { CiteSource } from './bibtex.ts';
import { isArxivId } from './bibtex.ts';
import { familyName } from './keys.ts';

const url = (s: CiteSource) => (isArxivId(s.arxivId) ? `https://arxiv.org/abs/${s.arxivId}` : s.pageUrl);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** `Watanabe, Sato and Kim (2026). Title. arXiv:2608.08814.`: up to three authors, then "et al.". */
export function plainCitation(s: CiteSource): string {
  const names = s.authors.map(oneLine);
  const who =
    names.length === 0 ? '' : names.length <= 3 ? names.join(names.length === 2 ? ' and ' : ', ').replace(/, ([^,]*)$/, ' and $1') : `${names[0]} et al.`;
  const where = isArxivId(s.arxivId) ? `arXiv:${s.arxivId}` : `${s.trendingOn ? `Trending on ${s.trendingOn}. ` : ''}${url(s)}`;
  const title = oneLine(s.title).replace(/[.]$/, '');
  const year = s.year ? ` (${s.year})` : '';
  // No authors: the title leads, as in APA.
  const text = who ? `${who}${year}. ${title}. ${where}.` : `${title}${year}. ${where}.`;
  return text.replace(/\.\.$/, '.');
}

/** A RIS record (Zotero, EndNote, Mendeley). */
export function ris(s: CiteSource): string {
  const lines = [`TY  - ${isArxivId(s.arxivId) ? 'UNPB' : 'GEN'}`, `ID  - ${s.key}`, `TI  - ${oneLine(s.title)}`];
  for (const author of s.authors) {
    const family = familyName(author);
    const given = oneLine(author.includes(',') ? author.split(',').slice(1).join(' ') : author.slice(0, author.lastIndexOf(family)));
    lines.push(`AU  - ${given ? `${oneLine(family)}, ${given}` : oneLine(family)}`);
  }
  if (s.year) lines.push(`PY  - ${s.year}`);
  if (!isArxivId(s.arxivId) && s.trendingOn) lines.push(`N1  - Trending on ${s.trendingOn}`);
  if (isArxivId(s.arxivId)) lines.push('PB  - arXiv', `M3  - arXiv:${s.arxivId}`);
  lines.push(`UR  - ${url(s)}`);
  // The paper's page too (RIS allows several URLs): what leads the record back to it on import into /saved/.
  if (url(s) !== s.pageUrl) lines.push(`UR  - ${s.pageUrl}`);
  lines.push('ER  - ');
  return lines.join('\r\n');
}

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author: { family: string; given?: string }[];
  issued?: { 'date-parts': number[][] };
  URL: string;
  note?: string;
  publisher?: string;
  number?: string;
  /** CSL-JSON's field for what has no field of its own: the paper's page, which leads the item back to it on import. */
  custom: { daybook: string };
}

/** A CSL-JSON item (Zotero, Pandoc, citeproc). */
export function csl(s: CiteSource): CslItem {
  const item: CslItem = {
    id: s.key,
    type: isArxivId(s.arxivId) ? 'article' : 'webpage',
    title: oneLine(s.title),
    author: s.authors.map((a) => {
      const family = oneLine(familyName(a));
      const given = oneLine(a.includes(',') ? a.split(',').slice(1).join(' ') : a.slice(0, a.lastIndexOf(familyName(a))));
      return given ? { family, given } : { family };
    }),
    URL: url(s),
    custom: { daybook: s.pageUrl },
  };
  if (s.year) item.issued = { 'date-parts': [[Number(s.year)]] };
  if (isArxivId(s.arxivId)) Object.assign(item, { publisher: 'arXiv', number: s.arxivId });
  else if (s.trendingOn) item.note = `Trending on ${s.trendingOn}`;
  return item;
}
