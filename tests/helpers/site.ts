/** Reading the built site: its files, its pages' DOM, and its internal links. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseDocument } from 'htmlparser2';
import type { Document, Element } from 'domhandler';
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from 'css-select';
import { textContent } from 'domutils';

export type { Document, Element };
export { textContent };

/** Every element matching a CSS selector. */
export const selectAll = (query: string, root: Document | Element): Element[] => cssSelectAll<Element, Element>(query, root as Element);
/** The first element matching a CSS selector, or null. */
export const selectOne = (query: string, root: Document | Element): Element | null => cssSelectOne<Element, Element>(query, root as Element);

/** Every file under `dir`, as paths relative to it with `/` separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The parsed DOM of a built page, by its site path (`/papers/x/`). */
export function readPage(dist: string, sitePath: string): Document {
  return parseDocument(readFileSync(fileForPath(dist, sitePath) ?? join(dist, sitePath), 'utf8'));
}

/** The file a static host would serve for a site path (without base), or undefined. */
export function fileForPath(dist: string, sitePath: string): string | undefined {
  const clean = decodeURIComponent(sitePath.split(/[?#]/)[0] ?? '');
  const candidates = clean.endsWith('/') ? [join(dist, clean, 'index.html')] : [join(dist, clean), join(dist, clean, 'index.html')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const text = (el: Element | null | undefined) => (el ? textContent(el).replace(/\s+/g, ' ').trim() : '');
export { text };

/** Attributes that reference another resource, by element. */
const REFERENCES: [string, string][] = [
  ['a', 'href'],
  ['link', 'href'],
  ['script', 'src'],
  ['img', 'src'],
  ['source', 'src'],
  ['iframe', 'src'],
  ['form', 'action'],
];

export interface BrokenLink {
  page: string;
  url: string;
}

/**
 * Every internal reference in every HTML page of `dist` that does not resolve to a
 * built file. `base` is the sub-path the site was built for (`/` or `/daybook/`);
 * an internal URL outside it is broken too. `site` is the configured origin, whose
 * absolute URLs (canonical, feeds) count as internal.
 */
export function findBrokenLinks(dist: string, base: string, site: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const origin = new URL(site).origin;
  for (const file of listFiles(dist).filter((f) => f.endsWith('.html'))) {
    const pagePath = `${base}${file.replace(/index\.html$/, '')}`;
    const pageUrl = new URL(pagePath, origin);
    const doc = parseDocument(readFileSync(join(dist, file), 'utf8'));
    for (const [tag, attr] of REFERENCES) {
      for (const el of selectAll(`${tag}[${attr}]`, doc)) {
        const raw = el.attribs[attr] ?? '';
        if (raw === '' || raw.startsWith('#') && tag === 'a') continue;
        const url = new URL(raw, pageUrl);
        if (url.origin !== origin) continue;
        if (!url.pathname.startsWith(base)) {
          broken.push({ page: pagePath, url: raw });
          continue;
        }
        const target = fileForPath(dist, `/${url.pathname.slice(base.length)}`);
        if (!target) broken.push({ page: pagePath, url: raw });
      }
    }
  }
  return broken;
}
