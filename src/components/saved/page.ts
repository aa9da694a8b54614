/**
 * /saved/: the saved papers, newest saved first, each removable; exports (BibTeX as the paper
 * pages give it, RIS and CSL-JSON from src/lib/cite, Daybook JSON), import of a .bib or JSON
 * file, and the share link (`/saved/#papers=…`), which shows its papers and offers to add them.
 */
import { csl, ris } from '../../lib/cite/index.ts';
import { bibFile, daybookJson, readImport, readShareFragment, shareFragment } from '../../lib/saved/transfer.ts';
import { formatShortDay } from '../../utils/format.ts';
import { base, details, paperPath } from './details.ts';
import type { PaperDetails } from './details.ts';
import { addSaved, removeSaved, savedPapers } from './store.ts';

const $ = <T extends Element>(selector: string) => document.querySelector(selector) as T;
const list = $<HTMLOListElement>('[data-saved-list]');
const status = $<HTMLParagraphElement>('[data-saved-status]');
const share = $<HTMLInputElement>('[data-share]');

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
};

/** Newest saved first. */
const newestFirst = () => savedPapers().sort((a, b) => b.at - a.at);

/** One paper as a list item: title, first day, topics; filled in when its page has been read. */
function item(slug: string, title: string, remove: boolean): HTMLLIElement {
  const li = el('li');
  const heading = el(remove ? 'h2' : 'h3');
  const link = el('a', title || slug);
  link.href = paperPath(slug);
  link.id = `${remove ? 'saved' : 'shared'}-${slug}`;
  heading.append(link);
  const meta = el('p');
  li.append(heading, meta);
  if (remove) {
    const button = el('button', 'Remove', 'btn');
    button.type = 'button';
    button.setAttribute('aria-describedby', link.id);
    button.addEventListener('click', () => {
      removeSaved(slug);
      render();
      status.textContent = `Removed “${link.textContent}”.`;
    });
    meta.append(button);
  }
  void details(slug).then((d) => {
    if (!d) {
      meta.prepend('No longer in the archive. ');
      return;
    }
    link.textContent = d.title;
    const parts = [d.firstDay && `First trended ${formatShortDay(d.firstDay)}`, d.topics.join(', ')].filter(Boolean).join(' · ');
    meta.prepend(`${parts} `);
  });
  return li;
}

function render(): void {
  const papers = newestFirst();
  list.replaceChildren(...papers.map((p) => item(p.s, p.t, true)));
  if (!status.textContent || /^(No|\d+) /.test(status.textContent))
    status.textContent = papers.length ? `${papers.length} saved ${papers.length === 1 ? 'paper' : 'papers'}, newest saved first.` : 'No saved papers yet.';
  const url = new URL(`${base}saved/`, location.href);
  url.hash = shareFragment(papers.map((p) => p.s));
  share.value = papers.length ? url.href : '';
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) button.disabled = papers.length === 0;
}

async function allDetails(): Promise<PaperDetails[]> {
  const found = await Promise.all(newestFirst().map((p) => details(p.s)));
  return found.filter((d): d is PaperDetails => d !== undefined);
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-export]') : null;
  if (!button) return;
  const kind = button.dataset['export'];
  const papers = await allDetails();
  if (kind === 'bib') download('daybook-saved.bib', 'application/x-bibtex', bibFile(papers));
  if (kind === 'ris') download('daybook-saved.ris', 'application/x-research-info-systems', `${papers.map(ris).join('\r\n')}\r\n`);
  if (kind === 'csl') download('daybook-saved.json', 'application/vnd.citationstyles.csl+json', `${JSON.stringify(papers.map(csl), null, 2)}\n`);
  if (kind === 'json') {
    const saved = new Map(savedPapers().map((p) => [p.s, p.at]));
    const rows = papers.map((p) => ({ slug: p.slug, title: p.title, savedAt: new Date(saved.get(p.slug) ?? Date.now()).toISOString() }));
    download('daybook-saved-papers.json', 'application/json', daybookJson(rows));
  }
  status.textContent = `Exported ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'}.`;
});

/** Adds papers in the order given (the first becomes the newest saved); says how many were new. */
function merge(papers: { slug: string; title?: string | undefined; savedAt?: number | undefined }[], from: string): void {
  const now = Date.now();
  const added = addSaved(papers.map((p, i) => ({ s: p.slug, t: p.title ?? '', at: p.savedAt ?? now - i })));
  status.textContent = `${from}: ${added} added, ${papers.length - added} already saved.`;
  render();
}

$<HTMLInputElement>('[data-import]').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  try {
    const papers = readImport(await file.text());
    // Only papers this archive has.
    const known = await Promise.all(papers.map(async (p) => ((await details(p.slug)) ? p : undefined)));
    merge(known.filter((p) => p !== undefined), `Imported ${file.name}`);
  } catch (error) {
    status.textContent = `Could not read ${file.name}: ${(error as Error).message}`;
  }
});

/** A share link: show its papers, offer to add them. */
function showShared(): void {
  const box = $<HTMLElement>('[data-shared]');
  const slugs = readShareFragment(location.hash);
  box.hidden = slugs.length === 0;
  if (!slugs.length) return;
  $<HTMLElement>('[data-shared-text]').textContent = `This link carries ${slugs.length} ${slugs.length === 1 ? 'paper' : 'papers'}:`;
  $<HTMLElement>('[data-shared-list]').replaceChildren(...slugs.map((slug) => item(slug, '', false)));
  $<HTMLButtonElement>('[data-shared-add]').onclick = async () => {
    const known = await Promise.all(slugs.map(async (slug) => ((await details(slug)) ? { slug } : undefined)));
    merge(known.filter((p) => p !== undefined), 'From the shared link');
    history.replaceState(null, '', location.pathname);
    box.hidden = true;
  };
}

addEventListener('hashchange', showShared);
addEventListener('storage', render);
render();
showShared();
