/**
 * Citations of papers: the archive-wide citation keys (unique, and stable because papers claim
 * them in the order their slugs were first handed out, content/slugs.tsv), and each paper's
 * BibTeX entry and plain-text citation (src/lib/cite). Computed once per build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_DIR } from '../content-root.ts';
import type { CiteSource } from '../lib/cite/index.ts';
import { bibtex, citeYear, plainCitation } from '../lib/cite/index.ts';
import { citeKeysOf } from '../lib/archive/paper-view.ts';
import { REGISTRY_PATH } from '../lib/archive/plan.ts';
import { slugOrder } from '../lib/archive/registry.ts';
import type { Archive, Paper } from './archive.ts';
import { firstSeen } from './archive.ts';

const keysOf = new WeakMap<Archive, Map<string, string>>();

/** Every paper's citation key, by slug. */
export function citeKeys(archive: Archive): Map<string, string> {
  let keys = keysOf.get(archive);
  if (!keys) {
    const registry = join(CONTENT_DIR, REGISTRY_PATH);
    keys = citeKeysOf(archive, existsSync(registry) ? slugOrder(readFileSync(registry, 'utf8')) : []);
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
