/**
 * Citations of papers: the archive-wide citation keys (unique, and stable because papers claim
 * them in the order their slugs were first handed out, content/slugs.tsv), and each paper's
 * BibTeX entry and plain-text citation (src/lib/cite). Computed once per build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_DIR } from '../content-root.ts';
import type { CiteSource } from '../lib/cite/index.ts';
import { assignKeys, bibtex, citeYear, plainCitation } from '../lib/cite/index.ts';
import type { Archive, Paper } from './archive.ts';
import { firstSeen } from './archive.ts';

const contentDir = CONTENT_DIR;

/** Slugs in the order they were handed out. */
function slugOrder(): string[] {
  const file = join(contentDir, 'slugs.tsv');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.slice(0, line.indexOf('\t') >>> 0));
}

const keysOf = new WeakMap<Archive, Map<string, string>>();

/** Every paper's citation key, by slug. */
export function citeKeys(archive: Archive): Map<string, string> {
  let keys = keysOf.get(archive);
  if (!keys) {
    const order: Paper[] = [];
    const seen = new Set<string>();
    for (const slug of slugOrder()) {
      const paper = archive.papers.get(slug);
      if (paper && !seen.has(slug)) order.push(paper), seen.add(slug);
    }
    // Papers the registry does not list (it always should): oldest first after the rest.
    for (const paper of [...archive.newest].reverse()) if (!seen.has(paper.id)) order.push(paper);
    keys = assignKeys(order.map((p) => ({ id: p.id, base: p.citeBase })));
    keysOf.set(archive, keys);
  }
  return keys;
}

export interface Citation {
  key: string;
  bibtex: string;
  plain: string;
}

/** A paper's citation; `pageUrl` is the absolute URL of its page. */
export function citation(archive: Archive, paper: Paper, pageUrl: string): Citation {
  const source: CiteSource = {
    key: citeKeys(archive).get(paper.id) as string,
    title: paper.data.title,
    authors: paper.data.authors,
    year: citeYear(paper),
    arxivId: paper.data.arxivId,
    primaryClass: paper.data.categories?.[0],
    trendingOn: firstSeen(paper),
    pageUrl,
  };
  return { key: source.key, bibtex: bibtex(source), plain: plainCitation(source) };
}
