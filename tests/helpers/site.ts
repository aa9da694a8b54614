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

/**
 * Whether a built `.html` file is a page of the site: not a week's e-mail (`weeks/<id>/email.html`),
 * which is a document to mail (inline styles, no site chrome), never shown under the site's policy.
 */
export const isSitePage = (file: string) => file.endsWith('.html') && !/(?:^|\/)email\.html$/.test(file);

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
  ['video', 'poster'],
];

/** Attributes holding a comma-separated list of `url [descriptor]` candidates. */
const SRCSETS: [string, string][] = [
  ['img', 'srcset'],
  ['source', 'srcset'],
  ['link', 'imagesrcset'],
];

/** `<meta>` tags whose content is a URL a client fetches (social cards). */
const META_URLS = ['meta[property="og:image"]', 'meta[property="og:image:url"]', 'meta[property="og:image:secure_url"]', 'meta[name="twitter:image"]'];

/** The URLs of a `srcset` value. */
function srcsetUrls(value: string): string[] {
  return value
    .split(/,\s+/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

export interface BrokenLink {
  page: string;
  url: string;
}

/**
 * Every internal reference in every HTML page of `dist` that does not resolve to a
 * built file. `base` is the sub-path the site was built for (`/` or `/daybook/`);
 * an internal URL outside it is broken too. `site` is the configured origin, whose
 * absolute URLs (canonical, feeds) count as internal. Followed: href/src/action/poster,
 * srcset candidates, social-card `<meta>` images, a web app manifest's icons and start URL,
 * and `url(…)` in stylesheets (linked or inline).
 */
export function findBrokenLinks(dist: string, base: string, site: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const origin = new URL(site).origin;
  /** Manifests and stylesheets already followed (they are shared by every page). */
  const checkedFiles = new Set<string>();
  for (const file of listFiles(dist).filter((f) => f.endsWith('.html'))) {
    const pagePath = `${base}${file.replace(/index\.html$/, '')}`;
    const pageUrl = new URL(pagePath, origin);
    const doc = parseDocument(readFileSync(join(dist, file), 'utf8'));
    const check = (raw: string, from: URL = pageUrl, page = pagePath): string | undefined => {
      if (raw === '' || raw.startsWith('data:')) return undefined;
      const url = new URL(raw, from);
      if (url.origin !== origin) return undefined;
      const target = url.pathname.startsWith(base) ? fileForPath(dist, `/${url.pathname.slice(base.length)}`) : undefined;
      if (!target) broken.push({ page, url: raw });
      return target;
    };
    for (const [tag, attr] of REFERENCES) {
      for (const el of selectAll(`${tag}[${attr}]`, doc)) {
        const raw = el.attribs[attr] ?? '';
        if (raw.startsWith('#') && tag === 'a') continue;
        const target = check(raw);
        // A web app manifest references its icons in turn.
        if (target && tag === 'link' && /(?:^|\s)manifest(?:\s|$)/.test(el.attribs['rel'] ?? '') && !checkedFiles.has(target)) {
          checkedFiles.add(target);
          const manifestUrl = new URL(raw, pageUrl);
          const manifest = JSON.parse(readFileSync(target, 'utf8')) as { icons?: { src: string }[]; start_url?: string; shortcuts?: { url: string }[] };
          for (const icon of manifest.icons ?? []) check(icon.src, manifestUrl, raw);
          for (const shortcut of manifest.shortcuts ?? []) check(shortcut.url, manifestUrl, raw);
          if (manifest.start_url) check(manifest.start_url, manifestUrl, raw);
        }
      }
    }
    for (const [tag, attr] of SRCSETS) {
      for (const el of selectAll(`${tag}[${attr}]`, doc)) for (const raw of srcsetUrls(el.attribs[attr] ?? '')) check(raw);
    }
    for (const el of selectAll(META_URLS.join(', '), doc)) check(el.attribs['content'] ?? '');
    // Stylesheets reference fonts and images with url(…).
    for (const el of selectAll('link[rel~="stylesheet"][href]', doc)) {
      const cssUrl = new URL(el.attribs['href'] ?? '', pageUrl);
      const css = check(el.attribs['href'] ?? '');
      if (!css || checkedFiles.has(css)) continue;
      checkedFiles.add(css);
      for (const match of readFileSync(css, 'utf8').matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
        if (!match[2]!.startsWith('#')) check(match[2]!, cssUrl, el.attribs['href'] ?? '');
      }
    }
    for (const el of selectAll('style', doc)) {
      for (const match of textContent(el).matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) if (!match[2]!.startsWith('#')) check(match[2]!);
    }
  }
  return broken;
}

/** TeX in a digest's title (a backslash, math, a caret, a double dash): pages, feeds and the API show it read (issue 27). */
const TEX_IN_TITLE = /[\\$^]|--/;
/** What of such a title may not be shown: a command, a caret, a double dash or a math span (a price's `$60` stays). */
const TEX_SHOWN = /\\[A-Za-z]|\^|--|\$\S[^$]*\$/;

/**
 * A title as shown, compared with the digest's: `given` (white space folded) when `shown` is it, or is it with
 * its TeX read (`R^3-Bench` as `R³-Bench`); else `shown`. Compare the result with `given` for a readable diff.
 */
export function asGiven(shown: string, given: string): string {
  const flat = given.replace(/\s+/g, ' ').trim();
  return shown === flat || (TEX_IN_TITLE.test(given) && !TEX_SHOWN.test(shown)) ? flat : shown;
}
