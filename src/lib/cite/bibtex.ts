/**
 * BibTeX for a paper, written by hand (no citation library): it runs for every paper page of
 * the archive at build time (60,000 of them) and, on /saved/, in the browser.
 *
 * - arXiv papers get what arXiv itself gives: `@misc` with `eprint`, `archivePrefix`,
 *   `primaryClass` (when known) and the abstract page as `url`; other papers `@misc` with
 *   title, the authors and year when known, the Daybook page URL and the day it trended: an
 *   entry invents nothing (no year it does not know).
 * - Titles keep their TeX (`$…$` untouched), and the words whose capitals a style must not lowercase
 *   (`CityArena`, `LLM`, `GPT-4`: a capital after the first letter) are braced.
 * - At most `MAX_AUTHORS` authors, then `and others` (styles print "et al."): a paper page carries
 *   this entry 60,000 times over, and some papers have hundreds of authors.
 * - Hostile text cannot break an entry: every brace of a field is balanced (an unmatched one
 *   becomes `\textbraceleft{}`/`\textbraceright{}`), backslashes outside math become
 *   `\textbackslash{}`, and TeX's special characters (`% & # _ ^ ~`, an unpaired `$`) are escaped.
 */

/** Authors written out before `and others`. */
export const MAX_AUTHORS = 10;

/** What a citation needs to know about a paper. */
export interface CiteSource {
  key: string;
  title: string;
  authors: string[];
  /** Four digits, when known: a paper of a title-only digest nobody resolved has none. */
  year?: string | undefined;
  arxivId?: string | undefined;
  /** The primary arXiv category. */
  primaryClass?: string | undefined;
  /** The first day the paper trended (YYYY-MM-DD): what a citation without an arXiv id says of it. */
  trendingOn?: string | undefined;
  /** The absolute URL of the paper's page on Daybook. */
  pageUrl: string;
}

/** An arXiv identifier we are willing to write into `eprint` and a URL (new and old style). */
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;
export const isArxivId = (id: string | undefined): id is string => id !== undefined && ARXIV_ID.test(id);

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  '^': '\\^{}',
  '~': '\\textasciitilde{}',
  $: '\\$',
};

/** Positions of braces that have no partner in `text` (BibTeX counts every brace, escaped or not). */
function unmatchedBraces(text: string): Set<number> {
  const open: number[] = [];
  const lone = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}') {
      if (open.length) open.pop();
      else lone.add(i);
    }
  }
  for (const i of open) lone.add(i);
  return lone;
}

/** Positions of the `$` that open or close math; an unpaired last one is left out (it is a dollar sign). */
function mathDelimiters(text: string): Set<number> {
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '$' && text[i - 1] !== '\\') at.push(i);
  if (at.length % 2) at.pop();
  return new Set(at);
}

/**
 * A field's text as safe BibTeX: balanced, TeX math kept, specials escaped. With `braceCapitals`,
 * each word (outside math and groups) holding a capital is wrapped in braces, so styles that
 * lowercase titles keep `CityArena`, `LLM`, `GPT-4`.
 */
export function bibtexText(raw: string, braceCapitals = false): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  const lone = unmatchedBraces(text);
  const math = mathDelimiters(text);
  const words: string[] = [];
  let word = '';
  let capital = false;
  let depth = 0;
  let inMath = false;
  const flush = () => {
    if (word) words.push(braceCapitals && capital ? `{${word}}` : word);
    word = '';
    capital = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (math.has(i)) {
      inMath = !inMath;
      word += c;
      continue;
    }
    if (lone.has(i)) {
      // Inside math `\{` is TeX's brace; elsewhere a lone brace is just a character.
      if (inMath && word.endsWith('\\')) word = `${word.slice(0, -1)}${c === '{' ? '\\lbrace ' : '\\rbrace '}`;
      else word += c === '{' ? '\\textbraceleft{}' : '\\textbraceright{}';
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ' ' && depth === 0 && !inMath) {
      flush();
      continue;
    }
    if (inMath) word += c;
    else if (c === '\\') {
      // `\{`, `\}`, `\$`, `\%`, `\&`: the author's own escapes, kept; any other backslash is a character.
      word += /[{}$%&#_]/.test(text[i + 1] ?? '') && !lone.has(i + 1) ? c : SPECIAL[c];
      if (/[%&#_$]/.test(text[i + 1] ?? '')) word += text[++i];
    } else {
      // A capital after the word's first letter (not after a hyphen or bracket) needs protecting.
      if (/\p{Lu}/u.test(c) && depth === 0 && /[\p{L}\p{N}]$/u.test(word)) capital = true;
      word += SPECIAL[c] ?? c;
    }
  }
  flush();
  return words.join(' ');
}

/** One author as BibTeX wants it: `Last, First` (a name given that way is kept). */
export function bibtexName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  // The word "and" inside a name would split it in two.
  const safe = (s: string) => bibtexText(s).replace(/(^|\s)(and)(?=\s|$)/gi, '$1{$2}');
  if (clean.includes(',')) return clean.split(',').length === 2 ? safe(clean) : `{${safe(clean.replaceAll(',', ''))}}`;
  const parts = clean.split(' ');
  if (parts.length < 2) return safe(clean);
  const last = parts.pop() as string;
  return `${safe(last)}, ${safe(parts.join(' '))}`;
}

/** The BibTeX entry of a paper. */
export function bibtex(source: CiteSource): string {
  const fields: [string, string][] = [['title', bibtexText(source.title, true)]];
  if (source.authors.length) {
    const names = source.authors.slice(0, MAX_AUTHORS).map(bibtexName);
    if (source.authors.length > MAX_AUTHORS) names.push('others');
    fields.push(['author', names.join(' and ')]);
  }
  if (source.year) fields.push(['year', source.year]);
  if (isArxivId(source.arxivId)) {
    fields.push(['eprint', source.arxivId], ['archivePrefix', 'arXiv']);
    if (source.primaryClass && /^[a-zA-Z.-]+$/.test(source.primaryClass)) fields.push(['primaryClass', source.primaryClass]);
    fields.push(['url', `https://arxiv.org/abs/${source.arxivId}`]);
  } else {
    fields.push(['url', source.pageUrl.replace(/[{}\\\s]/g, encodeURIComponent)]);
    if (source.trendingOn) fields.push(['note', `Trending on ${source.trendingOn}`]);
  }
  return `@misc{${source.key},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')}\n}`;
}
