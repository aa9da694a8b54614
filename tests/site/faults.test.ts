/**
 * Faults never publish a wrong site. On a copy of the bundled archive built without its newest
 * day, the day is added and `npm run build` is killed with SIGKILL (its whole process group) at
 * each stage boundary its log shows (ingest, content sync, bundling, the pages, the end of the
 * pages, the search step, the sitemap, the size budget) and at random moments; then a normal build
 * runs. Its output must be, file by file and byte for byte, a cold build of the same content.
 * Likewise two builds started at once, caches damaged before a build into an emptied output, and a
 * full disk (a small tmpfs in a mount namespace of the test's own, where the machine allows one).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { listFiles } from '../helpers/site.ts';
import { buildEnv } from '../setup/build-site.ts';
import { withLock } from '../../scripts/lib/lock.ts';
import { buildLockOptions } from '../../src/lib/archive/ingest-files.ts';

const work = join(dirname(inject('rootDist')), 'faults');
/** The state every case starts from: the archive but its newest day, built, with every cache. */
const before = join(work, 'before');
const STACK_FRAME = /^\s+at .+[(:]/m;

/** The folders of one site: content root (its ingest cache beside it), output and caches. */
const places = (root: string) => ({
  content: join(root, 'content'),
  out: join(root, 'dist'),
  astroCache: join(root, 'astro-cache'),
  cardCache: join(root, 'cards'),
  searchCache: join(root, 'search'),
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  log: string;
  stderr: string;
}

/**
 * `npm run build` of the site at `root`, in a process group of its own; `killWhen` sees each line
 * of its output (and the time since it started) and, when it says so, the whole group is killed
 * with SIGKILL, as a crash or an impatient maintainer would.
 */
function build(root: string, killWhen?: (line: string, ms: number) => boolean): Promise<Run> {
  const p = places(root);
  const child = spawn('npm', ['run', '--silent', 'build'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...buildEnv(),
      DAYBOOK_CONTENT: p.content,
      DAYBOOK_OUT: p.out,
      DAYBOOK_CACHE: p.astroCache,
      DAYBOOK_CARD_CACHE: p.cardCache,
      DAYBOOK_SEARCH_CACHE: p.searchCache,
      DAYBOOK_BASE: '/',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
  const started = Date.now();
  let log = '';
  let stderr = '';
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    process.kill(-child.pid!, 'SIGKILL');
  };
  const hear = (isErr: boolean) => (chunk: Buffer) => {
    const text = chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
    log += text;
    if (isErr) stderr += text;
    if (killWhen && !killed && text.split('\n').some((line) => killWhen(line, Date.now() - started))) kill();
  };
  child.stdout.on('data', hear(false));
  child.stderr.on('data', hear(true));
  // A moment given in time, not by a line, may fall between two lines.
  const timer = killWhen ? setInterval(() => killWhen('', Date.now() - started) && kill(), 25) : undefined;
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, log, stderr });
    });
  });
}

/** A fresh copy of the `before` state at `root`. */
function fromBefore(root: string): void {
  rmSync(root, { recursive: true, force: true });
  cpSync(before, root, { recursive: true });
}

/** Files of `out` that are not the cold build's `cold`, byte for byte ('' when none). */
function differences(out: string, cold: string): string {
  const files = listFiles(cold);
  const got = existsSync(out) ? listFiles(out) : [];
  const missing = files.filter((f) => !got.includes(f));
  const extra = got.filter((f) => !files.includes(f));
  const differing = files.filter((f) => got.includes(f) && !readFileSync(join(out, f)).equals(readFileSync(join(cold, f))));
  const say = (what: string, list: string[]) => (list.length > 0 ? `${list.length} ${what}: ${list.slice(0, 6).join(', ')}${list.length > 6 ? ', …' : ''}; ` : '');
  return `${say('missing', missing)}${say('extra', extra)}${say('differing', differing)}`.trim();
}

let newDay = '';
/** A cold build of the archive with its newest day: what every case must end in. */
const cold = join(work, 'cold');
/** How long that cold build took: the span the random kills fall in. */
let coldMs = 0;

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const content = places(before).content;
  cpSync('content', content, { recursive: true, filter: (src) => !/[/\\](papers|days)$|slugs\.tsv$/.test(src) });
  // The newest day in the month of the day before it (see incremental.test.ts).
  const digests = readdirSync(join(content, 'digests')).sort();
  const month = (name: string) => name.slice(0, 7);
  while (digests.length > 2 && month(digests.at(-1)!) !== month(digests.at(-2)!)) rmSync(join(content, 'digests', digests.pop()!));
  // Its last seven days (over 200 papers, two ISO weeks): every stage as in the whole archive, each of the ~30 builds shorter.
  for (const old of digests.splice(0, Math.max(0, digests.length - 7))) rmSync(join(content, 'digests', old));
  newDay = digests.at(-1)!;
  cpSync(join(content, 'digests', newDay), join(work, newDay));
  rmSync(join(content, 'digests', newDay));
  const first = await build(before);
  expect(first.code, first.log).toBe(0);
  cpSync(join(work, newDay), join(content, 'digests', newDay));
  // The cold build: the same content, every cache empty.
  mkdirSync(cold);
  cpSync(content, places(cold).content, { recursive: true });
  const started = Date.now();
  const coldRun = await build(cold);
  coldMs = Date.now() - started;
  expect(coldRun.code, coldRun.log).toBe(0);
}, 300_000);

/** Where a kill falls: a line of the build's log (a stage starting or ending), or a time. */
const STAGES: [string, (line: string, ms: number) => boolean][] = [
  ['while the ingest runs', (_line, ms) => ms > 700],
  ['as the content sync starts', (line) => line.includes('[content] Syncing content')],
  ['as the pages start', (line) => line.includes('generating static routes')],
  ['amid the pages (the 60th route)', (() => {
    let routes = 0;
    return (line: string) => line.includes('├─') && ++routes === 60;
  })()],
  ['as the pages end (the pages listed for the manifest)', (line) => line.includes('[daybook:output]')],
  ['in the search step', (line) => line.includes('[daybook:pagefind]')],
  ['as the sitemap is written', (line) => line.includes('sitemap-index.xml')],
  ['as the build ends (the manifest committed, the size budget)', (line) => line.includes('site size:')],
];

describe('a build killed with SIGKILL, then a normal build', () => {
  /** Kills a build of the new day in a fresh copy of the `before` state; the copy's folder. */
  async function killedBuild(name: string, when: (line: string, ms: number) => boolean): Promise<{ root: string; killed: Run }> {
    const root = join(work, `killed-${name.replace(/\W+/g, '-')}`);
    fromBefore(root);
    cpSync(join(work, newDay), join(places(root).content, 'digests', newDay));
    return { root, killed: await build(root, when) };
  }

  // Two moments drawn anew each run, as shares of a cold build's time (printed in the test's name, to run a failure again).
  const moments = [Math.random(), Math.random()].map((at) => Math.round(at * 100) / 100);
  const cases: [string, () => Promise<{ root: string; killed: Run }>][] = [
    ...STAGES.map(([name, when]) => [name, () => killedBuild(name, when)] as [string, () => Promise<{ root: string; killed: Run }>]),
    ...moments.map((at) => [
      `at a random moment (${at * 100}% of a cold build's time)`,
      async () => {
        // A build of one new day is shorter than a cold one: a moment after its end is tried again at half the time.
        for (let share = at; ; share /= 2) {
          const attempt = await killedBuild(`random-${at}`, (_line, ms) => ms > share * coldMs);
          if (attempt.killed.signal || share < 0.01) return attempt;
        }
      },
    ] as [string, () => Promise<{ root: string; killed: Run }>]),
  ];

  for (const [name, killedRun] of cases) {
    it(name, async () => {
      const { root, killed } = await killedRun();
      expect(killed.signal ?? 'exited', `the kill came too late: ${killed.log.slice(-500)}`).not.toBe('exited');
      const next = await build(root);
      expect(next.code, next.log).toBe(0);
      expect(next.stderr).not.toMatch(STACK_FRAME);
      expect(differences(places(root).out, places(cold).out)).toBe('');
      rmSync(root, { recursive: true, force: true });
    }, 180_000);
  }
});

describe('a maintainer corrects a title, and the build is killed in the search step', () => {
  const newTitle = 'A Corrected Title That Search Must Find';
  const retitledCold = join(work, 'retitled-cold');
  let paper = '';
  /** A copy of the `before` state whose first paper has a `manual:` title. */
  function retitled(root: string): void {
    fromBefore(root);
    const content = places(root).content;
    paper = readdirSync(join(content, 'papers')).sort()[0]!;
    const file = join(content, 'papers', paper);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^---\n/, `---\nmanual:\n  title: "${newTitle}"\n`));
  }

  beforeAll(async () => {
    // The cold build of the corrected content, every cache empty (its ingest applies the manual block).
    retitled(join(work, 'retitled-source'));
    mkdirSync(retitledCold);
    cpSync(places(join(work, 'retitled-source')).content, places(retitledCold).content, { recursive: true });
    const coldRun = await build(retitledCold);
    expect(coldRun.code, coldRun.log).toBe(0);
  }, 240_000);

  const kills: [string, (line: string) => boolean][] = [
    ['as the search step starts (the pages just written)', (line) => line.includes('[daybook:output]')],
    ['amid the search step (a partition indexed)', (line) => line.includes('[daybook:pagefind]')],
  ];
  for (const [moment, when] of kills) {
    it(`killed ${moment}: the next build publishes the corrected title everywhere, the search index too`, async () => {
      const root = join(work, `retitled-${moment.replace(/\W+/g, '-')}`);
      retitled(root);
      const killed = await build(root, when);
      expect(killed.signal).toBe('SIGKILL');
      const next = await build(root);
      expect(next.code, next.log).toBe(0);
      expect(readFileSync(join(places(root).out, 'papers', paper.replace(/\.md$/, ''), 'index.html'), 'utf8')).toContain(newTitle);
      expect(differences(places(root).out, places(retitledCold).out)).toBe('');
    }, 240_000);
  }
});

describe('two builds started at once', () => {
  it('the second waits for the first; both succeed, and the output is the cold build', async () => {
    const root = join(work, 'twice');
    fromBefore(root);
    cpSync(join(work, newDay), join(places(root).content, 'digests', newDay));
    const [first, second] = await Promise.all([build(root), new Promise<Run>((resolve) => setTimeout(() => resolve(build(root)), 300))]);
    expect(first.code, first.log).toBe(0);
    expect(second.code, second.log).toBe(0);
    expect(second.stderr).toMatch(/^build: another build into .* is running \(.*\.build-lock\); waiting for it to finish$/m);
    expect(differences(places(root).out, places(cold).out)).toBe('');
  }, 240_000);

  it('one that has waited too long refuses in one line, and writes nothing', async () => {
    const root = join(work, 'refused');
    fromBefore(root);
    const out = places(root).out;
    // Another build holds the lock (this process takes it as `npm run build` does) for longer than the second will wait.
    const second = await withLock({ key: out, options: buildLockOptions(out), what: 'build', waitMs: 0 }, () => buildWithWait(root, 1));
    expect(second.code).toBe(1);
    const errors = second.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([expect.stringMatching(/^error: .*dist\.build-lock: another build has been running for over 1 s; run this one when it has finished$/)]);
    expect(second.log).not.toMatch(/\[build\]|ingest:/);
  }, 240_000);
});

/** `build` with DAYBOOK_BUILD_WAIT set (seconds). */
function buildWithWait(root: string, seconds: number): Promise<Run> {
  const saved = process.env['DAYBOOK_BUILD_WAIT'];
  process.env['DAYBOOK_BUILD_WAIT'] = String(seconds);
  try {
    return build(root);
  } finally {
    if (saved === undefined) delete process.env['DAYBOOK_BUILD_WAIT'];
    else process.env['DAYBOOK_BUILD_WAIT'] = saved;
  }
}

describe('damaged caches before a build into an emptied output', () => {
  it('cards cut short and the yearly archive’s cached months garbled are made again: the cold build, nothing broken published', async () => {
    const root = join(work, 'damaged');
    rmSync(root, { recursive: true, force: true });
    cpSync(cold, root, { recursive: true });
    const p = places(root);
    const cards = listFiles(p.cardCache);
    expect(cards.length).toBeGreaterThan(100);
    cards.forEach((card, i) => {
      if (i % 2 === 0) writeFileSync(join(p.cardCache, card), readFileSync(join(p.cardCache, card)).subarray(0, 3000));
    });
    const parts = readdirSync(join(p.astroCache, 'daybook-api'));
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) writeFileSync(join(p.astroCache, 'daybook-api', part), Buffer.from('garbage, not gzip'));
    rmSync(p.out, { recursive: true });
    const run = await build(root);
    expect(run.code, run.log).toBe(0);
    expect(run.log).toMatch(new RegExp(`${Math.ceil(cards.length / 2)} cached cards were damaged \\(cut short or changed\\) and drawn again`));
    expect(run.log).toMatch(/\[daybook:api\] .*: the cached part of archive-\d{4}\.jsonl\.gz was damaged/);
    expect(differences(p.out, places(cold).out)).toBe('');
    for (const archive of readdirSync(join(p.out, 'api', 'v1')).filter((name) => name.endsWith('.jsonl.gz'))) {
      expect(gunzipSync(readFileSync(join(p.out, 'api', 'v1', archive))).length).toBeGreaterThan(0);
    }
    expect(statSync(p.out).isDirectory()).toBe(true);
  }, 180_000);
});

/** Whether this machine lets a test mount a small file system of its own (a user and mount namespace). */
const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs "$0"', tmpdir()]).status === 0;

/**
 * Runs `steps` (shell lines, each a build's command) with `dir` on a tmpfs of `sizes[i]` KB for step i,
 * in a private mount namespace: the disk fills for real. `dir`'s files are copied in first, and out again at the end.
 */
function onSmallDisk(root: string, dir: string, sizes: number[]): Run[] {
  const p = places(root);
  const env = `DAYBOOK_CONTENT=${p.content} DAYBOOK_OUT=${p.out} DAYBOOK_CACHE=${p.astroCache} DAYBOOK_CARD_CACHE=${p.cardCache} DAYBOOK_SEARCH_CACHE=${p.searchCache} DAYBOOK_BASE=/ ASTRO_TELEMETRY_DISABLED=1`;
  const seed = `${dir}.seed`;
  rmSync(seed, { recursive: true, force: true });
  if (existsSync(dir)) cpSync(dir, seed, { recursive: true });
  else mkdirSync(seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const script = [
    `mount -t tmpfs -o size=${sizes[0]}k tmpfs ${dir}`,
    `cp -a ${seed}/. ${dir}/`,
    ...sizes.flatMap((size, i) => [`mount -o remount,size=${size}k ${dir}`, `${env} npm run --silent build > ${root}/step-${i}.out 2> ${root}/step-${i}.err; echo $? > ${root}/step-${i}.code`]),
    `cp -a ${dir}/. ${seed}/`,
  ].join('\n');
  const result = spawnSync('unshare', ['-rm', 'sh', '-c', script], { env: buildEnv(), encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  // Back on the real disk, where the comparison reads it.
  rmSync(dir, { recursive: true, force: true });
  cpSync(seed, dir, { recursive: true });
  return sizes.map((_, i) => {
    const stderr = readFileSync(join(root, `step-${i}.err`), 'utf8');
    return { code: Number(readFileSync(join(root, `step-${i}.code`), 'utf8')), signal: null, stderr, log: readFileSync(join(root, `step-${i}.out`), 'utf8') + stderr };
  });
}

/** The folder's size in KB as tmpfs counts it (4 KB pages a file at least). */
const tmpfsKb = (dir: string) => listFiles(dir).reduce((kb, file) => kb + Math.ceil(statSync(join(dir, file)).size / 4096) * 4, 0);

describe.skipIf(!canMount)('a full disk', () => {
  it('under content/: one line naming the entry that could not be written and where, nothing changed; with space, the cold build', async () => {
    const root = join(work, 'full-content');
    fromBefore(root);
    const content = places(root).content;
    cpSync(join(work, newDay), join(content, 'digests', newDay));
    const [full, freed] = onSmallDisk(root, content, [tmpfsKb(content) + 48, 64 * 1024]);
    expect(full!.code).toBe(1);
    const errors = full!.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^error: ${content}/(papers|days)/[^ ]+: no space left on the device \\(ENOSPC\\)$`))]);
    expect(full!.stderr).toContain('Nothing in content/ was changed.');
    expect(full!.stderr).not.toMatch(STACK_FRAME);
    expect(freed!.code, freed!.log).toBe(0);
    expect(differences(places(root).out, places(cold).out)).toBe('');
  }, 240_000);

  it('under dist/, while bundling and while writing pages: one line naming the file and the output; with space, the cold build', async () => {
    const root = join(work, 'full-dist');
    fromBefore(root);
    cpSync(join(work, newDay), join(places(root).content, 'digests', newDay));
    const out = places(root).out;
    rmSync(out, { recursive: true });
    const [bundling, pages, freed] = onSmallDisk(root, out, [900, 4096, 64 * 1024]);
    for (const [stage, run, what] of [['bundling', bundling!, /\.prerender\/.+: no space left on the device \(ENOSPC\) while astro build bundled the site/], ['pages', pages!, /: no space left on the device \(ENOSPC\) while astro build wrote the site/]] as const) {
      expect(run.code, stage).toBe(1);
      const errors = run.stderr.split('\n').filter((line) => line.startsWith('error: '));
      expect(errors, `${stage}: ${run.stderr}`).toHaveLength(1);
      // A file in the output, or the output itself when the disk fills before Astro's log names a page
      // (Node's error for a full disk while writing names no path): either says where.
      expect(errors[0]!.startsWith(`error: ${out}/`) || (stage === 'pages' && errors[0]!.startsWith(`error: ${out}: `)), errors[0]).toBe(true);
      expect(errors[0]).toMatch(what);
      expect(run.log, stage).not.toMatch(STACK_FRAME);
      expect(run.log, stage).not.toMatch(/Stack backtrace|panicked/);
    }
    expect(freed!.code, freed!.log).toBe(0);
    expect(differences(out, places(cold).out)).toBe('');
  }, 300_000);
});
