/** A paper with arXiv categories, the weak labels related papers are judged by. */
export interface LabelledPaper {
  id: string;
  categories: readonly string[];
}

/**
 * How often a related paper shares the source's primary category (the first listed) and
 * any category, over every (paper, related paper) pair; ids missing from `papers` are skipped.
 */
export function categoryShares(papers: readonly LabelledPaper[], related: ReadonlyMap<string, readonly string[]>): { pairs: number; primary: number; any: number } {
  const byId = new Map(papers.map((p) => [p.id, p]));
  let pairs = 0;
  let primary = 0;
  let any = 0;
  for (const p of papers) {
    for (const id of related.get(p.id) ?? []) {
      const q = byId.get(id);
      if (q === undefined) continue;
      pairs++;
      if (q.categories[0] === p.categories[0]) primary++;
      if (q.categories.some((c) => p.categories.includes(c))) any++;
    }
  }
  return { pairs, primary: primary / pairs, any: any / pairs };
}
