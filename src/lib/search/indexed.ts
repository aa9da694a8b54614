/**
 * What Pagefind reads from a built page, found with string scans (no HTML parser: the build
 * runs this over every paper page). The search index of a month is cached under a key made
 * of what its pages give Pagefind, so this must cover everything Pagefind takes from a page,
 * and nothing else: a paper page's related-papers list, outside the indexed element, changes
 * whenever new papers arrive, and must not invalidate a closed month.
 *
 * Pagefind (1.x, fossick/parser.rs) takes from a page with a `data-pagefind-body` element:
 * the text, weights, anchors, meta, filters and sort keys inside that element; `data-pagefind-*`
 * meta, filter and sort attributes anywhere on the page; the first `<h1>` as the title (or
 * `<title>` without one); the first `<img>` after the title. So the key is the body element,
 * plus `<title>` and every `<img>` tag outside it; a page with `data-pagefind-*` attributes
 * (other than `data-pagefind-ignore`), an `<h1>` or a second body outside its body is keyed by
 * all of its HTML, which is always correct, only less often reused.
 *
 * Tags and attributes are matched in lower case, as Astro writes them. The scans only look
 * for ASCII, so the text may be the page's bytes read as Latin-1 (the build does, to skip
 * decoding UTF-8); the key is then the same bytes.
 */

export interface IndexedPart {
  /** Everything Pagefind reads from the page, to hash. */
  key: string;
  /** `YYYY-MM-DD` from the body's `data-pagefind-meta` (or `-sort`) `date:` value. */
  date: string | undefined;
  /** Whether the key is the whole page (the page has indexed attributes outside its body). */
  wholePage: boolean;
}

const BODY = 'data-pagefind-body';
const ATTRIBUTE = 'data-pagefind-';
const IGNORE = 'data-pagefind-ignore';

/** The indexed part of a page, or undefined when it has no `data-pagefind-body` element (Pagefind skips it). */
export function indexedPart(html: string): IndexedPart | undefined {
  const at = html.indexOf(BODY);
  if (at === -1) return undefined;
  const start = html.lastIndexOf('<', at);
  const name = /^<([a-z][a-z0-9-]*)/.exec(html.slice(start, start + 40))?.[1];
  const openEnd = html.indexOf('>', at);
  if (start === -1 || name === undefined || openEnd === -1) return { key: html, date: undefined, wholePage: true };
  const openTag = html.slice(start, openEnd + 1);
  const date = dateIn(openTag, 'data-pagefind-meta="') ?? dateIn(openTag, 'data-pagefind-sort="');
  const end = closingEnd(html, name, openEnd + 1);
  if (end === undefined || indexedOutside(html, start, end)) return { key: html, date, wholePage: true };
  const parts = [withoutIgnoredText(html.slice(start, end))];
  const title = html.indexOf('<title');
  if (title !== -1 && title < start) parts.push(html.slice(title, html.indexOf('</title>', title) + 8));
  for (let img = html.indexOf('<img', 0); img !== -1; img = html.indexOf('<img', img + 4)) {
    if (img < start || img >= end) parts.push(html.slice(img, html.indexOf('>', img) + 1));
  }
  return { key: parts.join('\n'), date, wholePage: false };
}

/**
 * The body without the text of its `data-pagefind-ignore` elements, which Pagefind leaves out:
 * a paper that trends again changes only its "Trending on" lines and its upvotes there, and must
 * not make its closed partition be indexed again. Of an ignored element, its opening tag and the
 * tags inside it with an id stay (Pagefind numbers its anchors counting those too); one that
 * holds what Pagefind reads even there (a `data-pagefind-` attribute, an image) stays whole.
 */
function withoutIgnoredText(body: string): string {
  let out = '';
  // body[0, copied) is in `out`.
  let copied = 0;
  let at = body.indexOf(IGNORE);
  while (at !== -1) {
    const start = body.lastIndexOf('<', at);
    const name = /^<([a-z][a-z0-9-]*)/.exec(body.slice(start, start + 40))?.[1];
    const openEnd = body.indexOf('>', at);
    const end = start < copied || name === undefined || openEnd === -1 ? undefined : closingEnd(body, name, openEnd + 1);
    if (end !== undefined) {
      const closeStart = body.lastIndexOf('</', end);
      const inner = body.slice(openEnd + 1, closeStart);
      if (!/data-pagefind-|<img/.test(inner)) {
        out += body.slice(copied, openEnd + 1) + (inner.match(/<[a-z][a-z0-9-]*\s[^>]*\bid=[^>]*>/g) ?? []).join('');
        copied = closeStart;
        at = body.indexOf(IGNORE, end);
        continue;
      }
    }
    at = body.indexOf(IGNORE, at + IGNORE.length);
  }
  return out + body.slice(copied);
}

/** The `date:YYYY-MM-DD` value of an attribute in an opening tag. */
function dateIn(tag: string, attribute: string): string | undefined {
  const at = tag.indexOf(attribute);
  if (at === -1) return undefined;
  const value = tag.slice(at + attribute.length, tag.indexOf('"', at + attribute.length));
  return /(?:^|[\s,])date:(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
}

/** Whether Pagefind reads something outside `[start, end)`: a data-pagefind attribute other than ignore, or an h1. */
function indexedOutside(html: string, start: number, end: number): boolean {
  for (let at = html.indexOf(ATTRIBUTE); at !== -1; at = html.indexOf(ATTRIBUTE, at + ATTRIBUTE.length)) {
    if (at >= start && at < end) {
      at = end - ATTRIBUTE.length;
      continue;
    }
    if (!html.startsWith(IGNORE, at)) return true;
  }
  for (let at = html.indexOf('<h1'); at !== -1; at = html.indexOf('<h1', at + 3)) {
    if ((at < start || at >= end) && /[\s>]/.test(html.charAt(at + 3))) return true;
  }
  return false;
}

/** The index just past the `</name>` that closes an element opened before `from`, or undefined. */
function closingEnd(html: string, name: string, from: number): number | undefined {
  const open = `<${name}`;
  const close = `</${name}`;
  let depth = 1;
  let at = from;
  for (;;) {
    const nextClose = html.indexOf(close, at);
    if (nextClose === -1) return undefined;
    let nextOpen = html.indexOf(open, at);
    // `<article` must not match `<articles`: the name ends at a space, `/` or `>`.
    while (nextOpen !== -1 && nextOpen < nextClose && !/[\s/>]/.test(html.charAt(nextOpen + open.length))) nextOpen = html.indexOf(open, nextOpen + 1);
    if (nextOpen !== -1 && nextOpen < nextClose) {
      depth += 1;
      at = nextOpen + open.length;
      continue;
    }
    depth -= 1;
    const closeEnd = html.indexOf('>', nextClose);
    if (closeEnd === -1) return undefined;
    if (depth === 0) return closeEnd + 1;
    at = closeEnd + 1;
  }
}
