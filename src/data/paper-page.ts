/**
 * The paper page (`src/pages/papers/[slug].astro`): which pages a build renders, with their keys,
 * and what each shows beyond its entry's Markdown, so the route holds markup only.
 */
import { SITE } from '../config.ts';
import type { PaperView } from '../lib/archive/paper-view.ts';
import { paperMomentum, paperView } from '../lib/archive/paper-view.ts';
import type { Momentum } from '../lib/periods/index.ts';
import { excerpt } from '../lib/markdown/excerpt.ts';
import { absoluteUrl, paths } from '../lib/paths.ts';
import { plainTitle, readableText } from '../lib/text/tex.ts';
import type { Archive, Paper, PaperEntry } from './archive.ts';
import { firstSeen } from './archive.ts';
import type { Citation } from './cite.ts';
import { citation } from './cite.ts';

/** What a paper page is handed by `getStaticPaths`. */
export interface PaperPageProps {
  slug: string;
  view: PaperView;
  momentum: Momentum;
}

/**
 * Only the papers this build loaded (src/catalog/loader.ts: those whose page key changed): every
 * other paper's page is kept as it is.
 */
export function paperPages(archive: Archive) {
  // No `cacheKey` for Astro: every page handed here is one whose key changed.
  return [...archive.entries.values()].map((paper) => {
    const known = archive.papers.get(paper.id) as Paper;
    // What the page key was made of (src/lib/archive/paper-view.ts: `paperPageKey`).
    const view = paperView(archive, known, SITE.cardWindowDays);
    const momentum = paperMomentum(archive, known);
    return { params: { slug: paper.id }, props: { slug: paper.id, view, momentum } satisfies PaperPageProps };
  });
}

/** What search results and link previews show of a description; it is written twice (description, og:description). */
const META_DESCRIPTION_LENGTH = 160;

/** A paper page's content but its abstract (the entry, which the route renders). */
export function paperPage(archive: Archive, { slug, view, momentum }: PaperPageProps, site: URL | undefined) {
  const paper = archive.entries.get(slug) as PaperEntry;
  const { data } = paper;
  const first = firstSeen(archive.papers.get(slug) as Paper);
  // Only a date the paper has: the day it trended is not when it was published.
  const published = data.publishedAt;
  // The title as it reads (TeX made plain): shown, and searched for when the paper has no arXiv id.
  const title = plainTitle(data.title);
  const cite: Citation = citation(archive, archive.papers.get(slug) as Paper, absoluteUrl(paths.paper(slug), site));
  // Search engines read the citation_* tags (authors too: not repeated here, a long author list
  // would weigh as much again on each of 100,000s of pages); the JSON-LD types the page.
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    headline: title,
    datePublished: published,
    sameAs: data.arxivId ? paths.arxivAbstract(data.arxivId) : undefined,
  };
  return {
    paper,
    data,
    view,
    momentum,
    first,
    last: data.days.at(-1) ?? first,
    aiKeywords: data.aiKeywords ?? [],
    published,
    primaryCategory: data.categories?.[0],
    title,
    description: data.excerpt ? excerpt(readableText(data.excerpt, 'plain'), META_DESCRIPTION_LENGTH) : `${title}: a paper on Daybook.`,
    cite,
    jsonLd,
  };
}
