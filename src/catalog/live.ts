/**
 * Which papers' pages a build may have to render: the rest are left as the last build wrote
 * them, and their entries stay out of Astro's content layer. A paper page shows its own entry
 * and, of other papers, only the title and first day of its related papers and of its
 * neighbours in its first day's digest (src/data/views.ts: `paperView`), its momentum (whether it
 * is still trending: src/data/periods.ts), its social card, which turns into its topic's card
 * when the paper leaves the card window, and its citation key, unique among the papers whose
 * authors, year and title give the same base key (src/data/cite.ts). So a page can change
 * only when one of these does; everything else it shows (topic names, templates, the site's
 * address) is in the catalog's fingerprint, and a change there renders every paper again.
 */
import { SITE } from '../config.ts';
import { inCardWindow } from '../lib/card-window.ts';
import { citeBase } from '../lib/cite/index.ts';
import type { PaperFrontmatter } from '../lib/schema.ts';

interface Known {
  data: PaperFrontmatter;
  /** As the catalog keeps it; made from `data` when absent. */
  citeBase?: string;
}

export interface LiveInput {
  /** The last build's papers, by slug. */
  before: ReadonlyMap<string, Known>;
  /** This build's papers, by slug. */
  after: ReadonlyMap<string, Known>;
  /** Papers whose entry file is new or changed since the last build. */
  changed: ReadonlySet<string>;
  /** Days whose `content/days/<date>.json` is new, changed or gone. */
  changedDays: ReadonlySet<string>;
  /** The newest day at the last build and now. */
  newestBefore: string | undefined;
  newestAfter: string | undefined;
}

const firstDay = (paper: Known | undefined) => paper?.data.days[0];
const baseOf = (paper: Known) => paper.citeBase ?? citeBase(paper);
const lastDay = (paper: Known | undefined) => paper?.data.days.at(-1);

/** What other pages show of a paper: its title and first day (a `PaperLink`). */
const linkOf = (paper: Known | undefined) => (paper ? `${paper.data.title}\n${firstDay(paper)}` : undefined);


/** The slugs of the papers whose pages may differ from what the last build wrote. */
export function livePapers(input: LiveInput): Set<string> {
  const { before, after, changed } = input;
  const live = new Set<string>([...changed].filter((slug) => after.has(slug)));

  // Papers whose link text changed, or that came or went: the pages that link to them change.
  const relinked = new Set<string>();
  for (const slug of changed) if (linkOf(before.get(slug)) !== linkOf(after.get(slug))) relinked.add(slug);
  for (const slug of before.keys()) if (!after.has(slug)) relinked.add(slug);

  // Neighbours: the papers of every first day that gained, lost or reordered papers.
  const days = new Set(input.changedDays);
  for (const slug of relinked) {
    for (const day of [firstDay(before.get(slug)), firstDay(after.get(slug))]) if (day) days.add(day);
  }

  // Citation keys: a paper that changed or went may shift the suffix of others with its base key.
  const bases = new Set<string>();
  for (const slug of changed) for (const paper of [before.get(slug), after.get(slug)]) if (paper) bases.add(baseOf(paper));
  for (const slug of before.keys()) if (!after.has(slug)) bases.add(baseOf(before.get(slug)!));

  const changedDays = [...input.changedDays];
  for (const [slug, paper] of after) {
    const first = firstDay(paper);
    if (first && days.has(first)) live.add(slug);
    else if (bases.has(baseOf(paper))) live.add(slug);
    else if (paper.data.related.some((other) => relinked.has(other))) live.add(slug);
    else if (inCardWindow(first, input.newestBefore, SITE.cardWindowDays) !== inCardWindow(first, input.newestAfter, SITE.cardWindowDays)) live.add(slug);
    // Momentum (src/data/periods.ts: `momentumOf`): "still trending" ends for a paper of the last
    // newest digest that the new one does not list, and a digest added between a paper's days changes its runs.
    else if (input.newestBefore !== input.newestAfter && lastDay(paper) === input.newestBefore) live.add(slug);
    else if (first && changedDays.some((day) => day > first && day < lastDay(paper)!)) live.add(slug);
  }
  return live;
}
