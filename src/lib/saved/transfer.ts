/**
 * Moving a saved list between browsers: the share link's fragment, the Daybook JSON export, and
 * reading any file /saved/ exports (BibTeX, RIS, CSL-JSON, Daybook JSON) back into slugs. Pure:
 * no DOM, no storage.
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

/** The slug of a Daybook page URL (`…/papers/<slug>/`) in a text, if any. */
const pageSlug = (text: string) => /\/papers\/([a-z0-9]+(?:-[a-z0-9]+)*)\//.exec(text)?.[1];

/**
 * The papers of an imported file: Daybook JSON; CSL-JSON, by the page in each item's `custom` or
 * `URL`; RIS, by a page URL in each record; or BibTeX, where a paper is found by the
 * `@comment{daybook:<slug>}` before its entry or by a Daybook page URL in it. `byArxivId` finds
 * BibTeX entries by their `eprint` (entries from elsewhere, e.g. a reference manager).
 */
export function readImport(text: string, byArxivId: (id: string) => string | undefined = () => undefined): Imported[] {
  const found: Imported[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const items = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(items)) throw new Error('not a CSL-JSON list');
    for (const item of items as Record<string, unknown>[]) {
      const custom = item['custom'] as Record<string, unknown> | undefined;
      const slug = pageSlug(String(custom?.['daybook'] ?? '')) ?? pageSlug(String(item['URL'] ?? ''));
      if (slug) found.push({ slug, title: typeof item['title'] === 'string' ? item['title'] : '' });
    }
  } else if (/^TY {2}- /m.test(trimmed) && !trimmed.startsWith('@')) {
    for (const record of trimmed.split(/^ER {2}-.*$/m)) {
      const slug = pageSlug(record.split(/\r?\n/).filter((line) => /^UR {2}- /.test(line)).join('\n'));
      const title = /^TI {2}- (.*)$/m.exec(record)?.[1]?.trim();
      if (slug) found.push({ slug, ...(title ? { title } : {}) });
    }
  } else if (trimmed.startsWith('{')) {
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
      const url = pageSlug(chunk);
      const eprint = /\beprint\s*=\s*[{"]\s*([^}"\s]+)/i.exec(chunk)?.[1];
      const slug = pending ?? url ?? (eprint ? byArxivId(eprint.replace(/v\d+$/, '')) : undefined);
      pending = undefined;
      if (slug && SLUG.test(slug)) found.push({ slug });
    }
  }
  const seen = new Set<string>();
  return found.filter((p) => !seen.has(p.slug) && seen.add(p.slug));
}
