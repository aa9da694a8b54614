/**
 * Moving a saved list between browsers: the share link's fragment, the Daybook JSON export, and
 * reading a .bib or JSON file back into slugs. Pure: no DOM, no storage.
 */

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `#papers=a,b,c`: the slugs, in list order (newest saved first). */
export const shareFragment = (slugs: string[]) => `#papers=${slugs.join(',')}`;

/** The slugs of a share link's fragment (`#papers=…`), valid ones only, each once. */
export function readShareFragment(hash: string): string[] {
  const match = /^#?papers=([^&]*)/.exec(hash);
  if (!match) return [];
  return [...new Set(decodeURIComponent(match[1] ?? '').split(',').filter((s) => SLUG.test(s)))];
}

export interface ExportedPaper {
  slug: string;
  title: string;
  savedAt: string;
}

/** The Daybook JSON export. */
export function daybookJson(papers: ExportedPaper[]): string {
  return `${JSON.stringify({ daybook: 'saved-papers', version: 1, papers }, null, 2)}\n`;
}

/** A .bib of entries, each after a `@comment{daybook:<slug>}` line that leads it back to its paper on import. */
export function bibFile(entries: { slug: string; bibtex: string }[]): string {
  return `${entries.map((e) => `@comment{daybook:${e.slug}}\n${e.bibtex}\n`).join('\n')}`;
}

export interface Imported {
  slug: string;
  title?: string;
  savedAt?: number;
}

/**
 * The papers of an imported file: Daybook JSON, or BibTeX, where a paper is found by the
 * `@comment{daybook:<slug>}` before its entry or by a Daybook page URL (`…/papers/<slug>/`) in it.
 * `byArxivId` finds papers by their `eprint` (entries from elsewhere, e.g. a reference manager).
 */
export function readImport(text: string, byArxivId: (id: string) => string | undefined = () => undefined): Imported[] {
  const found: Imported[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const data = JSON.parse(trimmed) as { papers?: unknown };
    if (!Array.isArray(data.papers)) throw new Error('not a Daybook export: no "papers" list');
    for (const p of data.papers as Record<string, unknown>[]) {
      const slug = p['slug'] ?? p['s'];
      if (typeof slug === 'string' && SLUG.test(slug)) {
        const at = Date.parse(String(p['savedAt'] ?? ''));
        found.push({ slug, title: typeof p['title'] === 'string' ? p['title'] : '', ...(Number.isFinite(at) ? { savedAt: at } : {}) });
      }
    }
  } else {
    // Split at each `@` that starts an entry or comment; a slug comment names the entry after it.
    let pending: string | undefined;
    for (const chunk of text.split(/^(?=\s*@)/m)) {
      const comment = /^\s*@comment\s*\{\s*daybook:\s*([a-z0-9-]+)\s*\}/i.exec(chunk);
      if (comment) {
        pending = comment[1];
        continue;
      }
      if (!/^\s*@\w+\s*[{(]/.test(chunk)) continue;
      const url = /\/papers\/([a-z0-9]+(?:-[a-z0-9]+)*)\//.exec(chunk)?.[1];
      const eprint = /\beprint\s*=\s*[{"]\s*([^}"\s]+)/i.exec(chunk)?.[1];
      const slug = pending ?? url ?? (eprint ? byArxivId(eprint.replace(/v\d+$/, '')) : undefined);
      pending = undefined;
      if (slug && SLUG.test(slug)) found.push({ slug });
    }
  }
  const seen = new Set<string>();
  return found.filter((p) => !seen.has(p.slug) && seen.add(p.slug));
}
