/**
 * The daily rebuild is incremental: a page whose key (the view it shows, src/data/views.ts)
 * did not change is not rendered, and the page of the previous build stays in place
 * (src/data/pages-to-render.ts, src/catalog/loader.ts); src/integrations/output.ts removes what the
 * last build's manifest lists and this one does not. A key that misses something a page shows would publish a stale
 * page, and nothing else would notice. So: build the bundled archive without
 * its newest day, add the day, rebuild on the same caches, and compare with a cold build of
 * the same content. Every file must be byte for byte the same, and most pages left untouched.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../helpers/build.ts';
import { listFiles } from '../helpers/site.ts';
import { parseManifest } from '../../src/lib/build-manifest.ts';

const rootDist = inject('rootDist');
const work = join(dirname(rootDist), 'incremental');
const content = join(work, 'content');

/** `npm run build` of the work content root into `out`, on the given Astro cache; returns its output. */
function build(label: string, out: string, astroCache: string, env: NodeJS.ProcessEnv = {}): string {
  // Cards are content-addressed and tested on their own (cards.test.ts): one cache serves all three builds.
  return buildSite({ content, out, astroCache, cardCache: join(work, 'cards'), logFile: join(work, `${label}.log`) }, env);
}

describe('the incremental rebuild after a new day', () => {
  const incremental = join(work, 'incremental-dist');
  const cold = join(work, 'cold-dist');
  let rebuildLog = '';
  let coldLog = '';
  let rebuildStarted = 0;
  let newDay = '';

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    cpSync('content', content, { recursive: true, filter: (src) => !/[/\\](papers|days)$|slugs\.tsv$/.test(src) });
    // The new day falls in the same month as the day before it, as most days do: a month
    // boundary re-renders every month chart anyway, and would hide a key that misses a paper.
    const digests = readdirSync(join(content, 'digests')).sort();
    const month = (name: string) => name.slice(0, 7);
    while (digests.length > 2 && month(digests.at(-1)!) !== month(digests.at(-2)!)) rmSync(join(content, 'digests', digests.pop()!));
    newDay = digests[digests.length - 1]!;
    const held = join(work, newDay);
    cpSync(join(content, 'digests', newDay), held);
    rmSync(join(content, 'digests', newDay));
    build('before', incremental, join(work, 'astro-cache'));
    cpSync(held, join(content, 'digests', newDay));
    rebuildStarted = Date.now();
    rebuildLog = build('rebuild', incremental, join(work, 'astro-cache'));
    // The cold build in runs of at most 150 paper pages, as a build of 100,000s of papers runs (src/catalog/loader.ts).
    coldLog = build('cold', cold, join(work, 'astro-cache-cold'), { DAYBOOK_PAPERS_PER_RUN: '150' });
  });

  it('keeps most pages of the previous build and renders the new day', () => {
    // Papers whose pages cannot have changed are not even loaded (their page key did not change: src/catalog/loader.ts): their pages are kept unlisted.
    const [, loaded, papers] = /([\d,]+) of ([\d,]+) papers loaded/.exec(rebuildLog)!.map((n) => Number(n.replace(/,/g, '')));
    expect(papers! - loaded!).toBeGreaterThan(papers! / 3);
    // The search index reads only the pages this build wrote: of the others, the last manifest says what it read.
    const [, searched, read] = /keys of ([\d,]+) pages in .*?\(([\d,]+) read\)/.exec(rebuildLog)!.map((n) => Number(n.replace(/,/g, '')));
    expect([searched, read]).toEqual([papers, loaded]);
    // Pages that show nothing of the new day are left as the last build wrote them, unlisted (src/data/pages-to-render.ts).
    const pages = listFiles(incremental).filter((file) => file.endsWith('.html'));
    const untouched = new Set(pages.filter((file) => statSync(join(incremental, file)).mtimeMs < rebuildStarted));
    // (A third at this small size: a new day here is a fourteenth of the archive, and re-links many of its papers.)
    expect(untouched.size).toBeGreaterThan(pages.length / 3);
    const days = pages.filter((file) => /^days\/[\d-]+\/index\.html$/.test(file));
    expect(days.filter((file) => untouched.has(file)).length).toBeGreaterThan(days.length / 2);
    const [, rendered, listPages] = /([\d,]+) list pages of ([\d,]+) rendered/.exec(rebuildLog)!.map((n) => Number(n.replace(/,/g, '')));
    expect(rendered).toBeLessThan(0.6 * listPages!);
    // The new day's page, and the one before it (its "newer" link), are written again.
    const date = newDay.replace(/\.\w+$/, '');
    const before = days.map((file) => file.split('/')[1]!).filter((day) => day < date).sort().at(-1)!;
    for (const day of [date, before]) expect(untouched.has(`days/${day}/index.html`)).toBe(false);
  });

  it('prints the size a full measurement gives, though it reads only the sizes of what the build wrote', () => {
    const files = listFiles(incremental);
    const sizeOf = (file: string) => statSync(join(incremental, file)).size;
    const [, megabytes, count] = /site size: ([\d.]+) MB in ([\d,]+) files/.exec(rebuildLog)!;
    expect(Number(count!.replace(/,/g, ''))).toBe(files.length);
    expect(megabytes).toBe((files.reduce((sum, file) => sum + sizeOf(file), 0) / 1024 ** 2).toFixed(1));
    // The sizes it kept for the next build (its manifest) are the files' own; a folder entry (a search partition) sums its files.
    const { manifest } = parseManifest(readFileSync(join(work, 'astro-cache', 'daybook-manifest.tsv'), 'utf8'));
    const listed: string[] = [];
    for (const [path, entry] of manifest) {
      const inside = path.endsWith('/') ? files.filter((file) => file.startsWith(path)) : [path];
      listed.push(...inside);
      expect(entry.bytes, path).toBe(inside.reduce((sum, file) => sum + sizeOf(file), 0));
      if (path.endsWith('/')) expect(entry.files, path).toBe(inside.length);
    }
    expect(listed.sort()).toEqual(files);
  });

  it('writes exactly the files of a cold build of the same content, byte for byte', () => {
    // That cold build ran Astro once per 150 papers, each run loading the next 150 and leaving the rest for the next.
    const runs = [...coldLog.matchAll(/([\d,]+) of ([\d,]+) papers loaded(?: \(([\d,]+) more for the next run\))?/g)].map((m) => [Number(m[1]!.replace(/,/g, '')), Number((m[3] ?? '0').replace(/,/g, ''))]);
    const total = Number(/[\d,]+ of ([\d,]+) papers loaded/.exec(coldLog)![1]!.replace(/,/g, ''));
    const expected: number[][] = [];
    for (let left = total; left > 0; left -= 150) expected.push([Math.min(150, left), Math.max(0, left - 150)]);
    expect(expected.length).toBeGreaterThan(1);
    expect(runs).toEqual(expected);
    const files = listFiles(cold).sort();
    expect(listFiles(incremental).sort()).toEqual(files);
    const differing = files.filter((file) => !readFileSync(join(incremental, file)).equals(readFileSync(join(cold, file))));
    expect(differing).toEqual([]);
  });
});

/**
 * A daily build loads only the papers whose pages may have changed (src/catalog/loader.ts): a
 * maintainer's fix of an old paper's title must still reach every page that shows that title —
 * the related lists of other papers, its neighbours in its first day, its day and topic pages.
 */
describe('the incremental rebuild after an old paper is retitled', () => {
  const incremental = join(work, 'incremental-dist');
  const cold = join(work, 'retitled-cold-dist');
  const newTitle = 'A Retitled Paper: Corrections Reach Every Page';
  let retitled = '';
  let referrers: string[] = [];
  let rebuildLog = '';
  let correctedArchive = '';

  beforeAll(() => {
    // After the suite above: `content` holds every day, `incremental` its incremental build.
    const papers = readdirSync(join(content, 'papers')).map((name) => name.replace(/\.md$/, ''));
    const relatedOf = (slug: string) => {
      const text = readFileSync(join(content, 'papers', `${slug}.md`), 'utf8');
      const block = /^related:\n((?: {2}- .*\n)+)/m.exec(text)?.[1] ?? '';
      return [...block.matchAll(/- "?([a-z0-9-]+)"?/g)].map((m) => m[1]!);
    };
    // An old paper that other papers list as related: the first day's, most often listed.
    const counts = new Map<string, number>();
    for (const slug of papers) for (const other of relatedOf(slug)) counts.set(other, (counts.get(other) ?? 0) + 1);
    const firstDay = JSON.parse(readFileSync(join(content, 'days', readdirSync(join(content, 'days')).sort()[0]!), 'utf8')) as { papers: string[] };
    retitled = [...firstDay.papers].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0]!;
    const file = join(content, 'papers', `${retitled}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, `---\nmanual:\n  title: "${newTitle}"\n`));
    // And an old digest corrects an abstract by a comma deep in its text: the entry's body changes, nothing derived from it.
    const firstDigest = join(content, 'digests', readdirSync(join(content, 'digests')).sort()[0]!);
    const digestText = readFileSync(firstDigest, 'utf8');
    const sentence = /Evaluating this capacity requires/.exec(digestText);
    expect(sentence, 'the first bundled digest changed: pick another sentence').not.toBeNull();
    writeFileSync(firstDigest, digestText.replace('Evaluating this capacity requires', 'Evaluating this capacity, requires'));
    // Built on its own first: with the retitle, the month's records would change anyway.
    build('corrected', incremental, join(work, 'astro-cache'));
    const year = readdirSync(join(content, 'digests')).sort()[0]!.slice(0, 4);
    correctedArchive = gunzipSync(readFileSync(join(incremental, 'api', 'v1', `archive-${year}.jsonl.gz`))).toString();
    rebuildLog = build('retitle', incremental, join(work, 'astro-cache'));
    // The ingest recomputes related lists from the new title: the papers that list it now.
    referrers = papers.filter((slug) => relatedOf(slug).includes(retitled));
    build('retitled-cold', cold, join(work, 'astro-cache-retitled-cold'));
  });

  it('publishes a corrected abstract in the yearly archive of the open data', () => {
    expect(correctedArchive).toContain('Evaluating this capacity, requires');
  });

  it('renders only some papers, and every page that shows the title', () => {
    const [, loaded, total] = /([\d,]+) of ([\d,]+) papers loaded/.exec(rebuildLog)!.map((n) => Number(n.replace(/,/g, '')));
    expect(loaded).toBeLessThan(total!);
    expect(referrers.length).toBeGreaterThan(0);
    for (const slug of [retitled, ...referrers]) expect(readFileSync(join(incremental, 'papers', slug, 'index.html'), 'utf8')).toContain(newTitle);
  });

  it('writes exactly the files of a cold build of the same content, byte for byte', () => {
    const files = listFiles(cold).sort();
    expect(listFiles(incremental).sort()).toEqual(files);
    const differing = files.filter((file) => !readFileSync(join(incremental, file)).equals(readFileSync(join(cold, file))));
    expect(differing).toEqual([]);
  });
});

describe('a build into an emptied output folder', () => {
  it('renders every page again, though its caches say the pages were written', () => {
    // After the suites above: the same content as `retitled-cold-dist`, and the incremental build's caches.
    const incremental = join(work, 'incremental-dist');
    rmSync(incremental, { recursive: true, force: true });
    const log = build('emptied', incremental, join(work, 'astro-cache'));
    const [, loaded, total] = /([\d,]+) of ([\d,]+) papers loaded/.exec(log)!.map((n) => Number(n.replace(/,/g, '')));
    expect(loaded).toBe(total);
    const cold = join(work, 'retitled-cold-dist');
    expect(listFiles(incremental)).toEqual(listFiles(cold));
  });
});
