/**
 * What the reader keeps, in this browser's localStorage (no server, no account): saved papers,
 * papers read, and when they last visited. Shared by the site script and the /saved/ and
 * /watch/ pages. Every read survives a refused or corrupt storage (private mode, old data).
 */
export interface SavedPaper {
  /** Slug: /papers/<slug>/. */
  s: string;
  /** Title when saved (the page is read again on /saved/). */
  t: string;
  /** When saved, ms since the epoch. */
  at: number;
}

const SAVED = 'daybook-saved';
const READ = 'daybook-read';
const VISIT = 'daybook-visit';
/** Papers remembered as read: the newest this many. */
const READ_LIMIT = 3000;
/** A gap this long starts a new visit. */
const VISIT_GAP = 30 * 60 * 1000;

function load<T>(key: string, fallback: T): T {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null');
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

function store(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused: it lasts for this page.
  }
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const isSlug = (s: unknown): s is string => typeof s === 'string' && SLUG.test(s);

/** Saved papers, in the order saved (oldest first). */
export function savedPapers(): SavedPaper[] {
  const list = load<unknown>(SAVED, []);
  return Array.isArray(list) ? list.filter((p): p is SavedPaper => p && isSlug(p.s)) : [];
}

export const isSaved = (slug: string) => savedPapers().some((p) => p.s === slug);

/** Adds papers not saved yet (by slug); returns how many were added. */
export function addSaved(papers: SavedPaper[]): number {
  const list = savedPapers();
  const have = new Set(list.map((p) => p.s));
  let added = 0;
  for (const p of papers) {
    if (!isSlug(p.s) || have.has(p.s)) continue;
    have.add(p.s);
    list.push({ s: p.s, t: String(p.t ?? ''), at: Number(p.at) || Date.now() });
    added++;
  }
  store(SAVED, list);
  return added;
}

export function removeSaved(slug: string): void {
  store(
    SAVED,
    savedPapers().filter((p) => p.s !== slug),
  );
}

/** Saves or unsaves; returns whether the paper is saved now. */
export function toggleSaved(slug: string, title: string): boolean {
  if (isSaved(slug)) {
    removeSaved(slug);
    return false;
  }
  addSaved([{ s: slug, t: title, at: Date.now() }]);
  return true;
}

export const readPapers = () => new Set(load<string[]>(READ, []));

export function markRead(slug: string): void {
  const list = load<string[]>(READ, []).filter((s) => s !== slug);
  list.push(slug);
  store(READ, list.slice(-READ_LIMIT));
}

interface Visit {
  /** Last page view, ms. */
  at: number;
  /** The newest digest day the reader has seen. */
  day: string;
  /** `day` as it was when this visit began: papers first seen after it are new to the reader. */
  prev: string;
}

/**
 * Records a page view that showed `newestDay` (the newest digest day on the page) and returns the
 * newest day the reader had seen before this visit ('' on a first visit).
 */
export function visit(newestDay = ''): string {
  const now = Date.now();
  const last = load<Partial<Visit>>(VISIT, {});
  const day = typeof last.day === 'string' ? last.day : '';
  const prev = now - (Number(last.at) || 0) > VISIT_GAP ? day : typeof last.prev === 'string' ? last.prev : '';
  store(VISIT, { at: now, day: newestDay > day ? newestDay : day, prev });
  return prev;
}

/** `/daybook/papers/x/` → `x`. */
export const slugOfPath = (path: string) => /\/papers\/([^/]+)\/$/.exec(path)?.[1];

/** The paper a save button is for: its `data-save`, or the paper page it is on. */
export const slugOf = (button: Element) => button.getAttribute('data-save') || slugOfPath(location.pathname);

/** Shows each save button, pressed when its paper is saved. */
export function syncSaveButtons(root: ParentNode = document): void {
  const saved = new Set(savedPapers().map((p) => p.s));
  for (const button of root.querySelectorAll('[data-save]')) {
    const slug = slugOf(button);
    if (slug) button.setAttribute('aria-pressed', String(saved.has(slug)));
  }
}
