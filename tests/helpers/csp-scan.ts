/**
 * The whole-site check behind the Content-Security-Policy: every built page is tokenized
 * (htmlparser2, so text and attribute values are never mistaken for markup) and every inline
 * script, inline style, style attribute, event-handler attribute, `javascript:` URL and script
 * from another origin is reported. The policy itself is computed before the build
 * (src/integrations/security-headers.ts); tests/site/csp.test.ts fails when a page carries
 * anything that policy does not allow.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Parser } from 'htmlparser2';
import { cspHash } from '../../src/integrations/security-headers.ts';

/** Script types a browser executes (an empty or missing type means JavaScript). */
const EXECUTABLE_SCRIPT = /^(?:|module|(?:text|application)\/(?:x-)?(?:javascript|ecmascript)|text\/jscript)$/i;
/** Attributes holding URLs that a browser would follow or load. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'xlink:href']);

export interface InlineFindings {
  scripts: Map<string, string>;
  styles: Map<string, string>;
  styleAttributes: Map<string, string>;
  problems: string[];
  pages: number;
}

/** Scans one page; adds its inline scripts and styles (by hash) and its problems to `found`. */
export function scanPage(html: string, page: string, found: InlineFindings): void {
  let capture: { kind: 'script' | 'style'; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on[a-z]/i.test(attribute)) found.problems.push(`${page}: <${name} ${attribute}="…">: inline event handlers are blocked by the Content-Security-Policy; use a script file`);
          if (URL_ATTRIBUTES.has(attribute) && /^\s*javascript:/i.test(value)) found.problems.push(`${page}: <${name} ${attribute}="${value.slice(0, 60)}">: javascript: URLs are not allowed`);
          if (attribute === 'style' && value.trim() !== '') found.styleAttributes.set(cspHash(value), `${page}: style="${value.slice(0, 60)}"`);
        }
        if (name === 'script') {
          const src = attributes['src'];
          if (src !== undefined) {
            if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src.trim())) found.problems.push(`${page}: <script src="${src}">: scripts from other origins are not allowed by the Content-Security-Policy`);
          } else if (EXECUTABLE_SCRIPT.test((attributes['type'] ?? '').trim())) {
            capture = { kind: 'script', text: '' };
          }
        } else if (name === 'style') {
          capture = { kind: 'style', text: '' };
        }
      },
      ontext(text) {
        if (capture) capture.text += text;
      },
      onclosetag(name) {
        if (!capture || name !== capture.kind) return;
        const target = capture.kind === 'script' ? found.scripts : found.styles;
        if (capture.text !== '') target.set(cspHash(capture.text), page);
        capture = undefined;
      },
    },
    // Keep the raw text: hashes are over the exact characters of the element.
    { decodeEntities: false, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // A week's e-mail (weeks/<id>/email.html) is a document to mail, with inline styles by design: not a page.
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html') && e.name !== 'email.html').map((e) => join(e.parentPath, e.name));
}

/**
 * Anything in a page's body that the scan must look at: an inline script, a script from another
 * origin, a style element or attribute, an event-handler attribute, a `javascript:` URL. Text is
 * escaped (`&lt;script`), so a body without a match has nothing to report; a match (which may be a
 * harmless attribute value) sends the whole page through the parser.
 */
const BODY_NEEDS_PARSING =
  /<script\b(?![^>]*\bsrc=)|<script\b[^>]*\bsrc=["']?(?:[a-z][a-z0-9+.-]*:)?\/\/|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:/i;

/** Scans a page, tokenizing only its `<head>` when the body has nothing of interest (most pages). */
export function scanPageFast(html: string, page: string, found: InlineFindings): void {
  const body = html.search(/<body[\s>]/i);
  if (body === -1 || BODY_NEEDS_PARSING.test(html.slice(body))) scanPage(html, page, found);
  else scanPage(html.slice(0, body), page, found);
}

/** Every inline script and style of the site in `dist`, with problems that a policy cannot allow. */
export async function scanSite(dist: string): Promise<InlineFindings> {
  const found: InlineFindings = { scripts: new Map(), styles: new Map(), styleAttributes: new Map(), problems: [], pages: 0 };
  const files = await htmlFiles(dist);
  // A few reads in flight; parsing is synchronous, so this only overlaps disk with CPU.
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
        const html = await readFile(file, 'utf8');
        scanPageFast(html, relative(dist, file).split(sep).join('/'), found);
        found.pages++;
      }
    }),
  );
  return found;
}
