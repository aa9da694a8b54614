/**
 * `npm run bench -- [--part build|search|all] [--papers 10000[,75000]] [--new-days 3] [--no-hugo] [--out .cache/bench]`
 *
 * `--part search` runs scripts/bench-finding.ts instead (what finding a paper costs a reader, at
 * `--papers` distinct papers, 60,000 and 120,000 unless told); `all` (the default) runs this
 * build benchmark, then that one at its own sizes.
 *
 * Builds archives of the given sizes from the bundled arXiv corpus (scripts/make-archive.ts)
 * and measures, per stage, wall time and peak memory:
 *   1. a cold build (no caches): conversion (ingest: reading, merging, topics, related papers,
 *      writing entries), then the Astro build (content sync, bundling, pages, social cards,
 *      Pagefind), with the size and file count of the output;
 *   2. a rebuild after one new day of about 120 papers arrives, once for each of `--new-days`
 *      days in a row (3 unless told): the median of them is the figure, since one run on a
 *      shared machine varies by more than the difference between sizes;
 *   3. the same papers rendered by Hugo (Debian's `hugo`) to minimal pages, cold and after the
 *      new days, for the ours/Hugo ratio;
 * plus the weight of a paper page (HTML, CSS, scripts). Figures are printed and written to
 * `<out>/results.json`. Benchmarks are not tests: CI does not run them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { BUILD_AGAIN_EXIT_CODE, BUILD_LOCK_HELD } from '../src/lib/archive/ingest-files.ts';
import { addDays, makeArchive } from './make-archive.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '10000' },
    out: { type: 'string', default: '.cache/bench' },
    'new-days': { type: 'string', default: '3' },
    'no-hugo': { type: 'boolean', default: false },
    part: { type: 'string', default: 'all' },
    'per-kind': { type: 'string', default: '10' },
  },
});
if (!['build', 'search', 'all'].includes(values.part)) throw new Error(`--part is build, search or all: ${values.part}`);
if (values.part === 'search') {
  const { benchFinding } = await import('./bench-finding.ts');
  const sizes = process.argv.includes('--papers') ? values.papers : '60000,120000';
  await benchFinding({ papers: sizes.split(',').map(Number), perKind: Number(values['per-kind']), out: resolve(values.out === '.cache/bench' ? '.cache/bench-finding' : values.out) });
  process.exit(0);
}

const OUT = resolve(values.out);
/**
 * The new days fall on the same days of the month at every size: what a day costs depends on
 * where it falls (a third of a month holds its search partition, a month its month page), and
 * sizes are compared, not calendars. Days 12 to 14: the middle of a partition and of a month.
 */
const NEW_DAYS_FROM_DAY_OF_MONTH = 12;
const NEW_DAYS = Number(values['new-days']);
if (!Number.isInteger(NEW_DAYS) || NEW_DAYS < 1) throw new Error(`--new-days must be a whole number of days, 1 or more: ${values['new-days']}`);
const NODE = resolve('node_modules/.bin/node');
const ASTRO_BUILD = resolve('scripts/lib/astro-build.ts');
const hasHugo = !values['no-hugo'] && spawnSync('hugo', ['version']).status === 0;
const hasGnuTime = existsSync('/usr/bin/time');

interface Measured {
  code: number;
  seconds: number;
  /** Peak resident memory of the command's process, MB. */
  peakMB: number | undefined;
  /** Seconds from the start at which each output line arrived. */
  lines: { at: number; text: string }[];
}

/** Runs a command, timing it and each line it prints, with peak memory from GNU time. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}, allowedCodes: readonly number[] = [0]): Promise<Measured> {
  const memFile = join(OUT, `.mem-${process.pid}`);
  const [cmd, cmdArgs] = hasGnuTime ? ['/usr/bin/time', ['-q', '-f', '%M', '-o', memFile, command, ...args]] : [command, args];
  const start = performance.now();
  const lines: Measured['lines'] = [];
  return new Promise((done, fail) => {
    const child = spawn(cmd, cmdArgs as string[], { env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      const at = (performance.now() - start) / 1000;
      // Without colours: Astro colours its log under CI, with escape codes inside a route's line.
      for (const text of parts) lines.push({ at, text: text.replace(/\x1b\[[0-9;]*m/g, '') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (!allowedCodes.includes(code ?? 1)) {
        fail(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${lines.slice(-30).map((l) => l.text).join('\n')}`));
        return;
      }
      const peakMB = hasGnuTime ? Number(readFileSync(memFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
      done({ code: code ?? 0, seconds, peakMB, lines });
    });
  });
}

/**
 * `astro build` as `npm run build` runs it (scripts/lib/astro-build.ts, with its heap limit), again
 * while a run leaves paper pages for the next: the runs' seconds added, the peak of the largest,
 * their lines one after another, each with the time since the first run began.
 */
async function measureAstro(env: NodeJS.ProcessEnv): Promise<Measured & { runs: number }> {
  const all: Measured & { runs: number } = { code: 0, seconds: 0, peakMB: undefined, lines: [], runs: 0 };
  for (;;) {
    // The heap limit `npm run build` gives Astro: Node's default (~4.2 GB here) leaves little room at 75,000 papers.
    const run = await measure(NODE, ['--max-old-space-size=5632', ASTRO_BUILD], { ...env, [BUILD_LOCK_HELD]: String(process.pid) }, [0, BUILD_AGAIN_EXIT_CODE]);
    all.lines.push(...run.lines.map((line) => ({ at: line.at + all.seconds, text: line.text })));
    all.seconds += run.seconds;
    all.peakMB = Math.max(all.peakMB ?? 0, run.peakMB ?? 0) || undefined;
    all.runs += 1;
    if (run.code === 0) return all;
  }
}

/** Seconds between the first line matching `from` and the first later line matching `to`. */
function span(lines: Measured['lines'], from: RegExp, to: RegExp): number | undefined {
  const i = lines.findIndex((l) => from.test(l.text));
  if (i < 0) return undefined;
  const j = lines.findIndex((l, k) => k > i && to.test(l.text));
  return j < 0 ? undefined : lines[j]!.at - lines[i]!.at;
}

/**
 * The duration Astro prints on the `Completed in …` line after `from` ("1m 9s", "503ms", "2.5s"):
 * output arrives in chunks, so arrival times cannot separate stages that print together.
 */
function astroDuration(lines: Measured['lines'], from: RegExp): number | undefined {
  const i = lines.findIndex((l) => from.test(l.text));
  const done = lines.slice(i + 1).find((l) => /Completed in/.test(l.text))?.text;
  const match = done && /Completed in (?:(\d+)m\s*)?([\d.]+)(ms|s)/.exec(done);
  if (i < 0 || !match) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2]) / (match[3] === 'ms' ? 1000 : 1);
}

/** The Astro build split into its stages, from the times its log lines arrived. */
function astroStages(run: Measured) {
  // One entry per route Astro logs; under concurrency several share a line and times come later.
  const routeLines = routeEntries(run);
  // Cards print their own count and span (src/cards/cache.ts): pages render several at a time,
  // so the per-route times of the log overlap and do not add up.
  const cards = run.lines.find((l) => /^cards: \d+ rendered/.test(l.text))?.text ?? '';
  // The first "Completed" after the page stage starts (linear: the log has 150,000 lines at 75,000 papers).
  const pagesStart = run.lines.findIndex((l) => /generating static routes/.test(l.text));
  const endOfPages = pagesStart < 0 ? -1 : run.lines.findIndex((l, k) => k > pagesStart && /✓ Completed in/.test(l.text));
  // src/integrations/pagefind.ts: `search: N papers in M partitions; X indexed, Y reused …; T in all`.
  const pagefindLine = run.lines.find((l) => /search: [\d,]+ papers in \d+ (?:month )?partition/.test(l.text))?.text;
  return {
    contentSync: astroDuration(run.lines, /Collecting build info/),
    bundle: span(run.lines, /Building static entrypoints/, /Rearranging server assets/),
    pages: span(run.lines, /generating static routes/, /✓ Completed in/),
    cardsDrawn: Number(/^cards: (\d+) rendered/.exec(cards)?.[1] ?? 0),
    cardsSecondsWithinPages: Number(/ over ([\d.]+) s/.exec(cards)?.[1] ?? 0),
    pagefind: pagefindLine ? secondsIn(/([\d.]+ m?s) in all/.exec(pagefindLine)?.[1]) : undefined,
    searchPartitionsIndexed: pagefindLine ? Number(/; (\d+) indexed/.exec(pagefindLine)?.[1]) : undefined,
    afterPages: endOfPages >= 0 ? run.seconds - run.lines[endOfPages]!.at : undefined,
    // A rendered page's time comes on a later line when pages render concurrently: count route lines.
    renderedPages: routeLines.filter((l) => !/\((?:restored|cached)\)/.test(l.text)).length,
    // Skipped: left in place from the last build (cached) or copied back from Astro's cache (restored).
    skippedPages: routeLines.filter((l) => /\((?:restored|cached)\)/.test(l.text)).length,
  };
}

/** `1.5 s` or `300 ms` as seconds. */
function secondsIn(text: string | undefined): number | undefined {
  const match = text && /^([\d.]+) (m?s)$/.exec(text);
  return match ? Number(match[1]) / (match[2] === 'ms' ? 1000 : 1) : undefined;
}

/** The routes of Astro's log, each with what follows it up to the next: ` (restored)`, ` (+12ms)` or nothing. */
function routeEntries(run: Measured): { path: string; text: string }[] {
  return run.lines.flatMap((l) => [...l.text.matchAll(/[├└]─ (\/[^\s├└\x1b]*?)(?=\d\d:\d\d:\d\d|\s|$)([^├└]*)/g)].map((m) => ({ path: m[1]!, text: m[2]! })));
}

/** Pages rendered (not restored from Astro's cache), by kind: `papers`, `og/papers`, `topics`… */
function renderedByKind(run: Measured): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { path, text } of routeEntries(run)) {
    if (/\((?:restored|cached)\)/.test(text)) continue;
    const parts = path.split('/').filter(Boolean);
    const kind = parts[0] === 'og' || parts[0] === 'icons' ? parts.slice(0, 2).join('/') : (parts.length > 1 ? parts[0] : path) ?? path;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

function ingestStages(run: Measured) {
  const summary = run.lines.find((l) => l.text.startsWith('ingest:'))?.text ?? '';
  const timings = run.lines.find((l) => l.text.startsWith('ingest timings:'))?.text.replace('ingest timings: ', '');
  return { summary, stages: timings ? (JSON.parse(timings) as Record<string, number>) : undefined };
}

/** Every file under a directory, by path, with its size and a hash of its bytes. */
function snapshot(dir: string): Map<string, { bytes: number; hash: string }> {
  const files = new Map<string, { bytes: number; hash: string }>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const data = readFileSync(path);
    files.set(path.slice(dir.length + 1), { bytes: data.length, hash: createHash('sha1').update(data).digest('hex') });
  }
  return files;
}

/** Size and count of the files of a snapshot, and by top-level folder. */
function treeSize(files: ReturnType<typeof snapshot>) {
  let bytes = 0;
  const byFolder: Record<string, number> = {};
  for (const [path, file] of files) {
    bytes += file.bytes;
    const top = path.includes('/') ? path.split('/')[0]! : '.';
    byFolder[top] = (byFolder[top] ?? 0) + file.bytes;
  }
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  return {
    files: files.size,
    megabytes: mb(bytes),
    /** Share of GitHub Pages' 1 GB limit. */
    budgetPercent: Math.round((bytes / 1024 ** 3) * 1000) / 10,
    byFolderMB: Object.fromEntries(Object.entries(byFolder).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, mb(v)])),
  };
}

/** What a build changed in dist/: files added, changed (other bytes) and removed. */
function changes(before: ReturnType<typeof snapshot>, after: ReturnType<typeof snapshot>) {
  let added = 0;
  let changed = 0;
  for (const [path, file] of after) {
    const old = before.get(path);
    if (!old) added++;
    else if (old.hash !== file.hash) changed++;
  }
  const removed = [...before.keys()].filter((path) => !after.has(path)).length;
  return { added, changed, removed };
}

/** HTML, CSS and script weight of one paper page, as a browser would fetch it. */
function paperPageWeight(dist: string) {
  const papers = join(dist, 'papers');
  const slug = readdirSync(papers)[0]!;
  const html = readFileSync(join(papers, slug, 'index.html'), 'utf8');
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => statSync(join(dist, m[1]!)).size);
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].length;
  const inlineStyle = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].reduce((n, m) => n + m[1]!.length, 0);
  // Every paper page's HTML: the page above is one of them, a long author list makes another.
  const sizes = readdirSync(papers)
    .map((name) => statSync(join(papers, name, 'index.html')).size)
    .sort((a, b) => a - b);
  const at = (q: number) => kb(sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] ?? 0);
  return {
    page: `/papers/${slug}/`,
    htmlKB: kb(Buffer.byteLength(html)),
    cssKB: kb(css.reduce((a, b) => a + b, 0) + inlineStyle),
    scriptFiles: scripts,
    allPapersHtmlKB: { median: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), over15KB: sizes.filter((n) => n > 15 * 1024).length, pages: sizes.length },
  };
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** A Hugo site of the same papers as minimal pages: one page per paper, a list per day. */
function writeHugoSite(content: string, site: string): void {
  rmSync(join(site, 'content'), { recursive: true, force: true });
  mkdirSync(join(site, 'content/papers'), { recursive: true });
  mkdirSync(join(site, 'layouts/_default'), { recursive: true });
  writeFileSync(join(site, 'hugo.toml'), `baseURL = "https://daybook.example.org/"\ntitle = "Daybook"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n`);
  writeFileSync(join(site, 'layouts/_default/single.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</main></body></html>\n');
  writeFileSync(join(site, 'layouts/_default/list.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n');
  for (const name of readdirSync(join(content, 'papers'))) {
    const text = readFileSync(join(content, 'papers', name), 'utf8');
    const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const data = parseYaml(front ?? '') as { title: string; days: string[] };
    writeFileSync(join(site, 'content/papers', name), `---\ntitle: ${JSON.stringify(data.title)}\ndate: ${data.days[0]}\n---\n${body}`);
  }
}

async function benchSize(papers: number) {
  const root = join(OUT, `${papers}`);
  const content = join(root, 'content');
  const held = join(root, 'held');
  const dist = join(root, 'dist');
  const env = { DAYBOOK_CONTENT: content, DAYBOOK_OUT: dist, DAYBOOK_CACHE: join(root, 'astro-cache'), DAYBOOK_CARD_CACHE: join(root, 'card-cache'), DAYBOOK_SEARCH_CACHE: join(root, 'search-cache') };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(held, { recursive: true });
  console.log(`\n== ${papers.toLocaleString('en')} papers + ${NEW_DAYS} new days, one at a time`);
  // Extra days are made and the last full ones are held back: they are the new days of the rebuilds.
  const count = (name: string) => (JSON.parse(readFileSync(join(content, 'digests', name), 'utf8')) as unknown[]).length;
  const generate = (start?: string) => {
    const made = makeArchive({ papers: papers + 120 * (NEW_DAYS + 1), out: content, force: true, ...(start ? { start } : {}) });
    const digests = readdirSync(join(content, 'digests')).sort();
    // The generator's last day is cut short by the paper count: drop it.
    if (count(digests[digests.length - 1]!) < 100) rmSync(join(content, 'digests', digests.pop()!));
    return { made, digests, firstNewDay: digests.at(-NEW_DAYS)!.replace('.json', '') };
  };
  const first = generate();
  // The same archive a few days later, so that the first new day is the chosen day of the month.
  let shift = 0;
  while (Number(addDays(first.firstNewDay, shift).slice(8, 10)) !== NEW_DAYS_FROM_DAY_OF_MONTH) shift += 1;
  const { made, digests } = shift > 0 ? generate(addDays(first.made.first, shift)) : first;
  const newDays = digests.splice(-NEW_DAYS).map((date) => ({ date, papers: count(date) }));
  for (const day of newDays) renameSync(join(content, 'digests', day.date), join(held, day.date));
  console.log(`archive: ${digests.length} days, then ${newDays.map((d) => `${d.date} with ${d.papers} papers`).join(', ')}`);

  let previous: ReturnType<typeof snapshot> | undefined;
  const build = async (label: string) => {
    const ingest = await measure(NODE, ['scripts/ingest.ts', '--timings'], env);
    const astro = await measureAstro(env);
    // The whole log, for a closer look at a stage: <out>/<papers>/<label>.log.
    const logName = label.replace(/\W+/g, '-');
    writeFileSync(join(root, `${logName}.ingest.log`), ingest.lines.map((l) => `${l.at.toFixed(2)} ${l.text}`).join('\n'));
    writeFileSync(join(root, `${logName}.astro.log`), astro.lines.map((l) => `${l.at.toFixed(2)} ${l.text}`).join('\n'));
    const files = snapshot(dist);
    const result = {
      totalSeconds: round(ingest.seconds + astro.seconds) as number,
      conversion: { seconds: round(ingest.seconds), peakMB: round(ingest.peakMB), ...ingestStages(ingest) },
      astro: { seconds: round(astro.seconds), peakMB: round(astro.peakMB), runs: astro.runs, ...roundAll(astroStages(astro)), renderedByKind: renderedByKind(astro) },
      dist: treeSize(files),
      // What a static host must upload again: the files this build added, changed or removed.
      distChanges: previous ? changes(previous, files) : undefined,
    };
    previous = files;
    console.log(`${label}: ${result.totalSeconds}s (conversion ${result.conversion.seconds}s, peak ${result.conversion.peakMB} MB; astro ${result.astro.seconds}s, peak ${result.astro.peakMB} MB)`);
    console.log(`  ${result.conversion.summary}`);
    console.log(`  astro stages: ${JSON.stringify(result.astro)}`);
    console.log(`  dist: ${result.dist.files} files, ${result.dist.megabytes} MB (${result.dist.budgetPercent}% of 1 GB): ${JSON.stringify(result.dist.byFolderMB)}`);
    if (result.distChanges) console.log(`  dist changes: ${JSON.stringify(result.distChanges)}`);
    return result;
  };

  const cold = await build('cold build');
  const rebuilds = [];
  for (const [i, day] of newDays.entries()) {
    cpSync(join(held, day.date), join(content, 'digests', day.date));
    rebuilds.push({ newDay: day, ...(await build(`rebuild after one new day${newDays.length > 1 ? ` (${i + 1} of ${newDays.length})` : ''}`)) });
  }
  // The median day by total time (the later of the middle two for an even count).
  const rebuild = [...rebuilds].sort((a, b) => a.totalSeconds - b.totalSeconds)[Math.floor(rebuilds.length / 2)]!;
  console.log(`one new day: ${rebuilds.map((r) => `${r.totalSeconds}s`).join(', ')}; median ${rebuild.totalSeconds}s (${rebuild.newDay.date})`);

  let hugo: { cold: number; rebuild: number } | undefined;
  if (hasHugo) {
    const site = join(root, 'hugo');
    // Hugo renders the same papers: those before the new days, then all of them.
    for (const day of newDays) rmSync(join(content, 'digests', day.date));
    const before = join(root, 'content-before');
    // The entries as they were before the new day: rebuild them from the digests.
    cpSync(content, before, { recursive: true });
    await measure(NODE, ['scripts/ingest.ts'], { ...env, DAYBOOK_CONTENT: before });
    writeHugoSite(before, site);
    const hugoCold = await measure('hugo', ['--quiet', '--source', site, '--destination', join(site, 'public')]);
    writeHugoSite(content, site);
    for (const day of newDays) cpSync(join(held, day.date), join(content, 'digests', day.date));
    const hugoRebuild = await measure('hugo', ['--quiet', '--source', site, '--destination', join(site, 'public')]);
    hugo = { cold: round(hugoCold.seconds), rebuild: round(hugoRebuild.seconds) };
    console.log(`hugo: cold ${hugo.cold}s, after the new day ${hugo.rebuild}s; ours/hugo: cold ${round(cold.totalSeconds / hugo.cold)}x, rebuild ${round(rebuild.totalSeconds / hugo.rebuild)}x`);
  }
  const page = paperPageWeight(dist);
  console.log(`paper page ${page.page}: HTML ${page.htmlKB} KB, CSS ${page.cssKB} KB, ${page.scriptFiles} script files`);
  const all = page.allPapersHtmlKB;
  console.log(`all ${all.pages} paper pages: HTML median ${all.median} KB, p90 ${all.p90} KB, p99 ${all.p99} KB, max ${all.max} KB; ${all.over15KB} over 15 KB`);
  return { papers, days: digests.length, newDay: rebuild.newDay, cold, rebuild, rebuilds, hugo, paperPage: page, corpusVariants: made.variants };
}

function total(changes: { added: number; changed: number; removed: number } | undefined): number | undefined {
  return changes && changes.added + changes.changed + changes.removed;
}

function round(n: number): number;
function round(n: number | undefined): number | undefined;
function round(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.round(n * 100) / 100;
}
function roundAll<T extends Record<string, number | undefined>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)])) as T;
}

mkdirSync(OUT, { recursive: true });
const results = [];
for (const size of values.papers.split(',').map(Number)) results.push(await benchSize(size));
let scaling: Record<string, unknown> | undefined;
// The daily build should cost the day, not the archive: compare the one-new-day figures of the sizes.
if (results.length > 1) {
  const [small, large] = [results[0]!, results[results.length - 1]!];
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? round(b / a) : undefined);
  scaling = {
    sizes: [small.papers, large.papers],
    seconds: ratio(small.rebuild.totalSeconds, large.rebuild.totalSeconds),
    secondsOfEachDay: [small.rebuilds.map((r) => r.totalSeconds), large.rebuilds.map((r) => r.totalSeconds)],
    astroPeakMB: ratio(small.rebuild.astro.peakMB, large.rebuild.astro.peakMB),
    ingestPeakMB: ratio(small.rebuild.conversion.peakMB, large.rebuild.conversion.peakMB),
    distFilesChanged: ratio(total(small.rebuild.distChanges), total(large.rebuild.distChanges)),
  };
  console.log(`\none new day (the median of ${NEW_DAYS}), ${large.papers.toLocaleString('en')} against ${small.papers.toLocaleString('en')} paper-days (goal: within 1.3x): ${JSON.stringify(scaling)}`);
}
const file = join(OUT, 'results.json');
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cores: (await import('node:os')).cpus().length }, results, scaling }, null, 2)}\n`);
console.log(`\nfigures written to ${file}`);
if (values.part === 'all') {
  const { benchFinding } = await import('./bench-finding.ts');
  await benchFinding({ papers: [60_000, 120_000], perKind: Number(values['per-kind']), out: resolve('.cache/bench-finding') });
}
