import type { PaperFrontmatter } from '../schema.ts';

/**
 * What a list item of the paper shows (`PaperItem`: title, days, first author, AI summary,
 * TL;DR or excerpt, topics): part of the cache key of every page that lists it. Not the entry's hash: that
 * changes with the paper's own related list, which no list shows, and one new day changes
 * hundreds of related lists.
 */
export function listing(paper: { id: string; data: PaperFrontmatter }): string {
  const { title, days, authors, excerpt, topics, tldr, aiSummary } = paper.data;
  return [paper.id, title, days.join(','), authors[0] ?? '', authors.length, excerpt ?? '', topics.join(','), tldr ?? '', aiSummary ?? ''].join('\t');
}
