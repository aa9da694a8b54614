/**
 * Bad input never breaks the archive, checked through the real command line:
 * `node scripts/ingest.ts` and `npm run build` run as subprocesses on temporary content
 * roots. For every unreadable input: exit 1, one `error: <file>[:<line>]: …` line, no stack
 * trace, and the content root byte-for-byte as it was (hashed before and after). For every
 * recoverable oddity: exit 0 and a `warning: <file>:<line>: …` line, the paper kept.
 * Then the commit itself: the CLI is SIGKILLed at every point of a large commit (and at random
 * moments), and the archive is always either the old one or, after the next run, the new one.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArchive } from '../../scripts/make-archive.ts';
import { ingestInProgress } from '../../src/integrations/ingest-guard.ts';
import { ingestLockOptions } from '../../src/lib/archive/ingest-files.ts';
import { buildEnv } from '../setup/build-site.ts';

const NODE = process.execPath;
const CLI = resolve('scripts/ingest.ts');
const REAL = resolve('tests/fixtures/digests/real');
const BAD = resolve('tests/fixtures/digests/bad');
const OWN = resolve('tests/fixtures/digests/bad-input');
/** Build output of `npm run build` runs that must never get as far as Astro. */
const BUILD_DIR = resolve('.cache/bad-input');
const TMP = mkdtempSync(join(tmpdir(), 'daybook-bad-input-'));
// Dozens of archive copies: removing them takes a while on a busy disk.
afterAll(() => rmSync(TMP, { recursive: true, force: true }), 300_000);

/** A stack-trace frame as Node prints it. */
const STACK_FRAME = /^\s+at .+[(:]/m;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

let runs = 0;
/** `node scripts/ingest.ts --content <root>`, with its cache outside the root. */
function ingestCli(root: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(NODE, [CLI, '--content', root, '--cache', join(TMP, `cache-${runs++}`)], {
    env: { ...buildEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
const ingest = (root: string) => collect(ingestCli(root));

/** `npm run build` with the content root in DAYBOOK_CONTENT, as a maintainer runs it. */
function npmBuild(root: string): Promise<Run & { out: string }> {
  const out = join(BUILD_DIR, `dist-${runs++}`);
  const child = spawn('npm', ['run', 'build'], {
    env: { ...buildEnv(), DAYBOOK_CONTENT: root, DAYBOOK_OUT: out, DAYBOOK_CACHE: `${out}.astro-cache`, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child).then((run) => ({ ...run, out }));
}

/**
 * Every file and folder under `root` (hidden ones included) with a hash of its bytes. Day entries
 * name their digest by path (`source`), so the root's own path is folded to `<root>` first: two
 * copies of an archive in different folders then hash the same.
 */
function treeHash(root: string): Map<string, string> {
  const tree = new Map<string, string>();
  const ownPath = Buffer.from(root);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const key = path.slice(root.length + 1);
    if (entry.isDirectory()) {
      tree.set(key, 'dir');
      continue;
    }
    const bytes = readFileSync(path);
    const folded = bytes.includes(ownPath) ? Buffer.from(bytes.toString('latin1').replaceAll(root, '<root>'), 'latin1') : bytes;
    tree.set(key, createHash('sha256').update(folded).digest('hex'));
  }
  return tree;
}

/** Files of a transaction in progress (staging, journal, lock): never part of the archive. */
const TRANSIENT = /^\.ingest[-.]/;
function withoutTransient(tree: Map<string, string>): Map<string, string> {
  return new Map([...tree].filter(([path]) => !TRANSIENT.test(path)));
}

/**
 * An ingested archive of two real days (one text, one JSON digest), made once through the CLI;
 * every case works on its own copy, so "unchanged" means existing entries were not touched.
 */
let baseArchive: string;
beforeAll(async () => {
  baseArchive = join(TMP, 'base');
  mkdirSync(join(baseArchive, 'digests'), { recursive: true });
  cpSync('content/topics', join(baseArchive, 'topics'), { recursive: true });
  cpSync(join(REAL, '2026-08-05.txt'), join(baseArchive, 'digests/2026-08-05.txt'));
  cpSync(join(REAL, '2026-08-11.json'), join(baseArchive, 'digests/2026-08-11.json'));
  const run = await ingest(baseArchive);
  expect(run.stderr).not.toMatch(/^error:/m);
  expect(run.code).toBe(0);
  expect(readdirSync(join(baseArchive, 'papers')).length).toBeGreaterThan(20);
}, 60_000);

let copies = 0;
function archiveCopy(): string {
  const root = join(TMP, `case-${copies++}`);
  cpSync(baseArchive, root, { recursive: true });
  return root;
}

type Setup = (root: string) => void;
const digest = (name: string, bytes: string | Uint8Array): Setup => (root) => writeFileSync(join(root, 'digests', name), bytes);
const fixture = (dir: string, file: string, name: string): Setup => (root) => cpSync(join(dir, file), join(root, 'digests', name));
const firstPaper = (root: string) => join(root, 'papers', readdirSync(join(root, 'papers')).sort()[0]!);
/** Adds lines to the frontmatter of the first paper entry (a maintainer's hand edit). */
const manualBlock = (yaml: string): Setup => (root) => {
  const path = firstPaper(root);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\n---\n/, `\n${yaml}---\n`));
};

interface BadCase {
  name: string;
  setup: Setup;
  /** The file the message must name, relative to the content root (a function when it depends on the copy). */
  file: string | ((root: string) => string);
  line?: number;
  message: RegExp;
  /** Also run `npm run build` (default: yes). */
  build?: boolean;
}

const big = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

const BAD_CASES: BadCase[] = [
  // Unreadable bytes.
  { name: 'an empty file', setup: fixture(BAD, 'empty.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', message: /file is empty; re-download/ },
  { name: 'a file of blanks only', setup: fixture(BAD, 'whitespace-only.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', message: /file is empty \(only whitespace\)/ },
  { name: 'only header lines', setup: fixture(BAD, 'header-only.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', message: /no papers: the file has only header lines/ },
  { name: 'a PNG saved as a digest', setup: fixture(BAD, 'binary-nul.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', line: 3, message: /file looks binary \(it contains a NUL byte\)/ },
  { name: 'a gzip archive named .json', setup: fixture(resolve('tests/fixtures'), 'arxiv-daily-30-days.jsonl.gz', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 1, message: /file looks binary/ },
  { name: 'Latin-1 bytes', setup: fixture(BAD, 'latin1.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', line: 4, message: /not valid UTF-8 \(saved as Latin-1/ },
  { name: 'UTF-8 cut off mid-character', setup: fixture(BAD, 'truncated-utf8.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', line: 4, message: /not valid UTF-8/ },
  { name: 'UTF-16 text', setup: fixture(BAD, 'utf16.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', line: 1, message: /file is UTF-16 text; save it as UTF-8/ },
  { name: 'an HTML error page saved by a failed download', setup: fixture(OWN, 'error-page.html.txt', '2026-08-06.txt'), file: 'digests/2026-08-06.txt', line: 2, message: /file is an HTML page .*not a digest/ },
  // Broken or wrongly shaped JSON.
  { name: 'truncated JSON', setup: fixture(BAD, 'truncated.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 52, message: /truncated JSON: the JSON ends inside a string/ },
  { name: 'JSON with a trailing comma', setup: fixture(BAD, 'trailing-comma.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 59, message: /invalid JSON: expected a value, found '\]'/ },
  { name: 'JSON cut off right after "["', setup: digest('2026-08-06.json', '[\n  {\n    "paper": {\n'), file: 'digests/2026-08-06.json', line: 3, message: /truncated JSON: the JSON ends too early/ },
  { name: 'an API error object', setup: fixture(BAD, 'object.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 1, message: /expected a JSON array of daily-paper entries, found an object with error "Invalid date format"/ },
  { name: 'an empty JSON array', setup: fixture(BAD, 'empty-array.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 1, message: /no papers: the JSON array is empty/ },
  { name: 'a JSON array of strings', setup: fixture(BAD, 'not-entries.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 2, message: /entry 0 is not a daily-paper entry/ },
  { name: 'a number where a title belongs', setup: fixture(BAD, 'wrong-type.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 40, message: /entry 2 is not a daily-paper entry at paper\.title/ },
  { name: 'an entry without a title', setup: fixture(BAD, 'missing-title.json', '2026-08-06.json'), file: 'digests/2026-08-06.json', line: 21, message: /entry 1 has no title/ },
  { name: 'a JSON string instead of an array', setup: digest('2026-08-06.json', '"rate limited"\n'), file: 'digests/2026-08-06.json', line: 1, message: /expected a JSON array .* found a string/ },
  { name: 'JSON null instead of an array', setup: digest('2026-08-06.json', 'null\n'), file: 'digests/2026-08-06.json', line: 1, message: /expected a JSON array .* found null/ },
  {
    name: 'a digest whose only line is an abstract with no title',
    setup: digest('2026-08-06.txt', 'We study a small thing. It works well on three benchmarks, and we release the code.\n'),
    file: 'digests/2026-08-06.txt',
    line: 1,
    message: /no papers: no line reads as a title, only abstracts/,
  },
  // Names.
  // Dates outside the range a digest may carry: arXiv's first day to tomorrow.
  ...['9999-12-31', '0001-01-01', '2206-08-12', '1991-08-13'].map((date) => ({
    name: `a digest dated ${date}`,
    setup: fixture(REAL, '2026-08-06.txt', `${date}.txt`),
    file: `digests/${date}.txt`,
    message: new RegExp(`^${date} is outside the dates a digest may carry, 1991-08-14 \\(arXiv's first day\\) to \\d{4}-\\d{2}-\\d{2} \\(tomorrow\\)`),
  })),
  { name: 'a date that does not exist (2026-02-30)', setup: fixture(REAL, '2026-08-06.txt', '2026-02-30.txt'), file: 'digests/2026-02-30.txt', message: /2026-02-30 is not a real calendar date/ },
  { name: 'month 13', setup: fixture(REAL, '2026-08-12.json', '2026-13-01.json'), file: 'digests/2026-13-01.json', message: /2026-13-01 is not a real calendar date/ },
  { name: 'a name with no date', setup: fixture(REAL, '2026-08-06.txt', 'latest.txt'), file: 'digests/latest.txt', message: /file name "latest.txt" has no date/ },
  { name: 'a stray README in the digests folder', setup: digest('README.md', '# notes\n'), file: 'digests/README.md', message: /file name "README.md" has no date/ },
  { name: 'a backup copy of a digest', setup: fixture(REAL, '2026-08-05.txt', '2026-08-05.txt.bak'), file: 'digests/2026-08-05.txt.bak', message: /is not exactly a date plus \.txt or \.json/ },
  {
    name: 'two digests for the same date',
    setup: fixture(REAL, '2026-08-12.json', '2026-08-05.json'),
    file: 'digests/2026-08-05.txt',
    message: /2 digests for 2026-08-05: .*2026-08-05\.json, .*2026-08-05\.txt; keep one/,
  },
  { name: 'a folder named like a digest', setup: (root) => mkdirSync(join(root, 'digests/2026-08-09.txt')), file: 'digests/2026-08-09.txt', message: /is a folder, not a digest/ },
  // Not digests, but the same promise: a clear message naming the file, nothing changed.
  {
    name: 'a manual block that is not valid YAML',
    setup: manualBlock('manual:\n  title: [unclosed\n'),
    file: (root) => firstPaper(root).slice(root.length + 1),
    message: /the frontmatter is not valid YAML/,
  },
  {
    name: 'a manual block with a wrongly typed field',
    setup: manualBlock('manual:\n  topics: "not-a-list"\n'),
    file: (root) => firstPaper(root).slice(root.length + 1),
    message: /manual\.topics /,
  },
  {
    name: 'a manual block naming a topic that does not exist',
    setup: manualBlock('manual:\n  topics: [no-such-topic]\n'),
    file: (root) => firstPaper(root).slice(root.length + 1),
    message: /manual\.topics names "no-such-topic", which is no topic/,
  },
  {
    name: 'a malformed slugs.tsv',
    setup: (root) => writeFileSync(join(root, 'slugs.tsv'), `${readFileSync(join(root, 'slugs.tsv'), 'utf8')}a line without tabs\n`),
    file: 'slugs.tsv',
    line: -1, // the last line, computed from the file
    message: /expected four tab-separated fields/,
  },
  {
    name: 'a topic whose frontmatter is not YAML',
    setup: (root) => writeFileSync(join(root, 'topics/broken.md'), '---\nname: [unclosed\ndescription: x\n---\n'),
    file: 'topics/broken.md',
    message: /frontmatter is not valid YAML/,
  },
  {
    name: 'a topic file saved as Latin-1',
    // "Économie" with É as the single Latin-1 byte 0xC9, on line 3.
    setup: (root) => writeFileSync(join(root, 'topics/latin1.md'), Buffer.concat([Buffer.from('---\nname: "Economics"\ndescription: "'), Buffer.from([0xc9]), Buffer.from('conomie of markets."\nrules:\n  phrases:\n    market: 3\n---\n')])),
    file: 'topics/latin1.md',
    line: 3,
    message: /file is not valid UTF-8 \(saved as Latin-1/,
  },
  {
    name: 'a topic rule that backtracks catastrophically',
    setup: (root) => writeFileSync(join(root, 'topics/hang.md'), '---\nname: "Hang"\ndescription: "A rule that would hang the ingest."\nrules:\n  phrases:\n    "/(\\\\w+\\\\s?)+:/": 2\n---\n'),
    file: 'topics/hang.md',
    message: /rules\.phrases "\/\(\\w\+\\s\?\)\+:\/": unsafe regular expression: can take exponential time/,
  },
  {
    name: 'an unreadable journal of an interrupted ingest',
    setup: (root) => writeFileSync(join(root, '.ingest-journal.json'), '{"staging": ".ingest-sta'),
    file: '.ingest-journal.json',
    message: /the journal of an interrupted ingest cannot be read/,
    build: false, // the build refuses it even earlier; checked in the kill tests
  },
  {
    name: 'a file where the papers folder belongs',
    setup: (root) => {
      rmSync(join(root, 'papers'), { recursive: true });
      writeFileSync(join(root, 'papers'), 'not a folder\n');
    },
    file: 'papers',
    message: /is a file where a folder was expected \(ENOTDIR\)/,
  },
  { name: 'an empty digests folder', setup: (root) => readdirSync(join(root, 'digests')).forEach((n) => rmSync(join(root, 'digests', n))), file: 'digests', message: /no digests; refusing to ingest an empty folder/ },
];

function expectedLine(root: string, c: BadCase): number | undefined {
  if (c.line !== -1) return c.line;
  return readFileSync(join(root, typeof c.file === 'string' ? c.file : c.file(root)), 'utf8').trimEnd().split('\n').length;
}

function expectCleanFailure(run: Run, root: string, c: BadCase): void {
  const file = join(root, typeof c.file === 'string' ? c.file : c.file(root));
  const line = expectedLine(root, c);
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(errors, run.stderr).toHaveLength(1);
  const prefix = `error: ${file}${line === undefined ? '' : `:${line}`}: `;
  expect(errors[0]!.startsWith(prefix), `${errors[0]} should start with ${prefix}`).toBe(true);
  expect(errors[0]!.slice(prefix.length)).toMatch(c.message);
  expect(run.stderr).toContain('Nothing in content/ was changed.');
  expect(run.stderr, 'no stack trace').not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toMatch(/\bat (?:async )?\w+ \(|node:internal|file:\/\//);
}

describe.concurrent('unreadable input stops ingest and build with one clear message', () => {
  for (const c of BAD_CASES) {
    it(c.name, async () => {
      const root = archiveCopy();
      c.setup(root);
      const before = treeHash(root);

      const run = await ingest(root);
      expect(run.code, run.stderr).toBe(1);
      expectCleanFailure(run, root, c);
      expect(treeHash(root), 'content root changed').toEqual(before);

      if (c.build === false) return;
      const build = await npmBuild(root);
      expect(build.code, build.stderr).not.toBe(0);
      expectCleanFailure(build, root, c);
      expect(treeHash(root), 'content root changed by npm run build').toEqual(before);
      // Astro never started: nothing was built.
      expect(existsSync(build.out)).toBe(false);
    });
  }

  it('a content root that does not exist', async () => {
    const run = await ingest(join(TMP, 'no-such-root'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*no-such-root: no such content folder/m);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('an unknown option exits 2 with the usage', async () => {
    const run = await collect(spawn(NODE, [CLI, '--frobnicate'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Unknown option '--frobnicate'/m);
    expect(run.stderr).toMatch(/^usage: /m);
  });
});

/** A digest with one abstract of ~300 KB between two ordinary papers. */
function hugeAbstractDigest(): string {
  const abstract = `HUGE-START ${big(40_000)} HUGE-END.`;
  return [
    'Get trending papers in your email inbox!',
    'SubscribeAn Ordinary Paper Before',
    'We study a small thing. It works well on three benchmarks.',
    'A Paper With An Enormous Abstract',
    abstract,
    'An Ordinary Paper After',
    'We study another small thing. It also works on three benchmarks.',
    '',
  ].join('\n');
}

interface OddCase {
  name: string;
  setup: Setup;
  file: string;
  line?: number;
  warning: RegExp;
  check?: (root: string) => void;
}

const dayPapers = (root: string, date: string): string[] => JSON.parse(readFileSync(join(root, 'days', `${date}.json`), 'utf8')).papers;
const entryOf = (root: string, slug: string) => readFileSync(join(root, 'papers', `${slug}.md`), 'utf8');

const ODD_CASES: OddCase[] = [
  {
    name: 'a title with no abstract',
    setup: fixture(BAD, 'title-without-abstract.txt', '2026-08-08.txt'),
    file: 'digests/2026-08-08.txt',
    line: 5,
    warning: /title "A Title Whose Abstract Went Missing" has no abstract; kept with an empty abstract/,
    check: (root) => {
      const papers = dayPapers(root, '2026-08-08');
      expect(papers).toHaveLength(3);
      expect(entryOf(root, papers[1]!)).toContain('title: "A Title Whose Abstract Went Missing"');
    },
  },
  {
    name: 'the last title with no abstract',
    setup: fixture(BAD, 'last-title-without-abstract.txt', '2026-08-08.txt'),
    file: 'digests/2026-08-08.txt',
    line: 5,
    warning: /title "The Last Title Has No Abstract" has no abstract/,
  },
  {
    name: 'a paper listed twice in a text digest',
    setup: fixture(BAD, 'duplicate-paper.txt', '2026-08-08.txt'),
    file: 'digests/2026-08-08.txt',
    line: 7,
    warning: /line 7 repeats the paper at line 3 \(same title and abstract\); kept the first/,
    check: (root) => expect(dayPapers(root, '2026-08-08')).toHaveLength(2),
  },
  {
    name: 'a paper listed twice in a JSON digest (same arXiv id)',
    setup: fixture(BAD, 'duplicate-id.json', '2026-08-08.json'),
    file: 'digests/2026-08-08.json',
    line: 40,
    warning: /entry 2 repeats the paper at entry 0 \(same arXiv id 2608\.00001\)/,
    check: (root) => expect(dayPapers(root, '2026-08-08')).toHaveLength(2),
  },
  {
    name: 'two digests pasted into one file',
    setup: fixture(BAD, 'pasted-twice.txt', '2026-08-08.txt'),
    file: 'digests/2026-08-08.txt',
    line: 5,
    warning: /e-mail boilerplate .* in the middle of the digest/,
  },
  {
    name: 'invisible control characters',
    setup: fixture(BAD, 'control-chars.txt', '2026-08-08.txt'),
    file: 'digests/2026-08-08.txt',
    line: 3,
    warning: /removed invisible control characters \(U\+0007, U\+001B\)/,
  },
  {
    name: 'javascript: and ftp: links in a JSON digest',
    setup: fixture(BAD, 'bad-fields.json', '2026-08-08.json'),
    file: 'digests/2026-08-08.json',
    line: 2,
    warning: /paper\.githubRepo "javascript:alert\(1\)" is not an http\(s\) URL; link dropped/,
    check: (root) => {
      for (const slug of dayPapers(root, '2026-08-08')) expect(entryOf(root, slug)).not.toMatch(/javascript:|ftp:/);
    },
  },
  {
    name: 'an abstract of hundreds of KB',
    setup: digest('2026-08-08.txt', hugeAbstractDigest()),
    file: 'digests/2026-08-08.txt',
    line: 4,
    warning: /abstract is \d{3} KB \(over 20 KB\); kept whole/,
    check: (root) => {
      const [, slug] = dayPapers(root, '2026-08-08');
      const entry = entryOf(root, slug!);
      // Kept whole in the body…
      expect(entry).toContain('HUGE-START word0 word1');
      expect(entry).toContain('word39999 HUGE-END.');
      expect(entry.length).toBeGreaterThan(300_000);
      // …and the excerpt stays short.
      const excerpt = /^excerpt: (.*)$/m.exec(entry)?.[1] ?? '';
      expect(excerpt.length).toBeGreaterThan(50);
      expect(excerpt.length).toBeLessThan(400);
    },
  },
];

describe.concurrent('recoverable oddities are kept with a warning naming file and line', () => {
  for (const c of ODD_CASES) {
    it(c.name, async () => {
      const root = archiveCopy();
      c.setup(root);
      const run = await ingest(root);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/^error:/m);
      const prefix = `warning: ${join(root, c.file)}${c.line === undefined ? '' : `:${c.line}`}: `;
      const warnings = run.stderr.split('\n').filter((l) => l.startsWith(prefix));
      expect(warnings.some((w) => c.warning.test(w.slice(prefix.length))), `${prefix}… ${c.warning} in\n${run.stderr}`).toBe(true);
      c.check?.(root);
    });
  }

  it('two ingests started together: one waits for the other, the result is one clean run', async () => {
    const root = archiveCopy();
    cpSync(join(REAL, '2026-08-12.json'), join(root, 'digests/2026-08-12.json'));
    const reference = archiveCopy();
    cpSync(join(REAL, '2026-08-12.json'), join(reference, 'digests/2026-08-12.json'));
    expect((await ingest(reference)).code).toBe(0);
    const [first, second] = await Promise.all([ingest(root), ingest(root)]);
    expect([first.code, second.code], `${first.stderr}${second.stderr}`).toEqual([0, 0]);
    // Exactly one of them wrote the new day; the other found nothing left to do.
    const written = [first, second].map((run) => Number(/(\d+) files written/.exec(run.stdout)?.[1]));
    expect(written.filter((n) => n === 0)).toHaveLength(1);
    const strip = (tree: Map<string, string>) => new Map([...tree].filter(([path]) => !path.startsWith('digests/')));
    expect(strip(treeHash(root))).toEqual(strip(treeHash(reference)));
  });

  it('a lock left by a killed run is taken over', async () => {
    const root = archiveCopy();
    // A lock nobody has refreshed for a minute, as proper-lockfile finds a dead holder's.
    const lock = join(root, '.ingest.lock');
    mkdirSync(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    expect(ingestInProgress(root)).toBeUndefined();
    const run = await ingest(root);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(root, '.ingest.lock'))).toBe(false);
  });
});

/**
 * Kill tests on a large archive (~1,200 papers over 10 days). The "old" archive is 8 days
 * ingested; the next run has lost its first day (deletes), gained two days (new files) and a
 * corrected title on day 2 (rewrites), so a commit writes and deletes hundreds of files.
 */
describe('a run killed midway leaves the old archive or, after the next run, the complete new one', () => {
  let generated: string;
  let oldRoot: string;
  let newTree: Map<string, string>;
  /** How long the reference run took, to spread the random kills over a whole run. */
  let runMs = 0;

  /** A copy of the old archive with the next run's digests in place (not yet ingested). */
  function nextRunRoot(): string {
    const root = join(TMP, `kill-${copies++}`);
    cpSync(oldRoot, root, { recursive: true });
    const days = readdirSync(join(generated, 'digests')).sort();
    rmSync(join(root, 'digests', days[0]!));
    for (const day of days.slice(8)) cpSync(join(generated, 'digests', day), join(root, 'digests', day));
    const second = join(root, 'digests', days[1]!);
    const entries = JSON.parse(readFileSync(second, 'utf8')) as { paper: { title: string }; title: string }[];
    for (const entry of entries.slice(0, 5)) {
      entry.paper.title = `${entry.paper.title} (corrected)`;
      entry.title = entry.paper.title;
    }
    writeFileSync(second, JSON.stringify(entries, null, 2));
    return root;
  }

  beforeAll(async () => {
    generated = join(TMP, 'generated');
    makeArchive({ papers: 1200, perDay: 120, out: generated, start: '2025-03-03' });
    const days = readdirSync(join(generated, 'digests')).sort();
    expect(days.length).toBeGreaterThanOrEqual(10);
    oldRoot = join(TMP, 'old');
    mkdirSync(join(oldRoot, 'digests'), { recursive: true });
    cpSync(join(generated, 'topics'), join(oldRoot, 'topics'), { recursive: true });
    for (const day of days.slice(0, 8)) cpSync(join(generated, 'digests', day), join(oldRoot, 'digests', day));
    expect((await ingest(oldRoot)).code).toBe(0);

    const reference = nextRunRoot();
    const started = performance.now();
    const run = await ingest(reference);
    runMs = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
    // The commit really is large: hundreds of writes and deletes.
    const [, written, removed] = /(\d+) files written, (\d+) removed/.exec(run.stdout) ?? [];
    expect(Number(written)).toBeGreaterThan(200);
    expect(Number(removed)).toBeGreaterThan(50);
    newTree = treeHash(reference);
  }, 300_000);

  /** Starts the CLI paused at `point`; resolves once it is waiting there. */
  async function pausedAt(root: string, point: string): Promise<{ child: ChildProcess; done: Promise<Run> }> {
    const child = ingestCli(root, { DAYBOOK_INGEST_PAUSE_AT: point });
    const done = collect(child);
    await new Promise<void>((ready, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`never paused at ${point}: ${seen}`)), 120_000);
      child.stderr!.on('data', (chunk) => {
        seen += chunk;
        if (seen.includes(`ingest: paused at ${point}`)) {
          clearTimeout(timer);
          ready();
        }
      });
      void done.then((run) => fail(new Error(`exited before pausing at ${point}: ${run.stderr}`)));
    });
    return { child, done };
  }

  async function kill(paused: { child: ChildProcess; done: Promise<Run> }): Promise<void> {
    paused.child.kill('SIGKILL');
    const run = await paused.done;
    expect(run.signal).toBe('SIGKILL');
  }

  /**
   * Waits for the lock a killed run left to go stale: proper-lockfile's `stale` after its last
   * refresh (the first refresh may be dated up to 1 s ahead), failing if it takes longer.
   */
  async function lockGoesStale(root: string): Promise<void> {
    const options = ingestLockOptions(root);
    const deadline = Date.now() + options.stale + 2000;
    while (lockfile.checkSync(root, options)) {
      if (Date.now() > deadline) throw new Error(`${options.lockfilePath} is still fresh ${options.stale + 2000} ms after its holder was killed`);
      await sleep(100);
    }
  }

  for (const point of ['staging', 'staged'] as const) {
    it(`killed at "${point}" (before the journal is committed): the archive is exactly the old one`, async () => {
      const root = nextRunRoot();
      const before = treeHash(root);
      const paused = await pausedAt(root, point);
      await kill(paused);
      // The killed run's lock still looks held to a build, until it goes stale.
      expect(ingestInProgress(root)).toMatch(/an ingest is writing this content folder/);
      const after = treeHash(root);
      // Proof that the kill hit a commit in progress: its staging is there…
      expect([...after.keys()].some((p) => p.startsWith('.ingest-staging-'))).toBe(true);
      // …yet every file of the archive is byte-for-byte the old one.
      expect(withoutTransient(after)).toEqual(withoutTransient(before));
      await lockGoesStale(root);
      expect(ingestInProgress(root)).toBeUndefined();
      const rerun = await ingest(root);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(treeHash(root)).toEqual(newTree);
    });
  }

  for (const point of ['journal', 'applying'] as const) {
    it(`killed at "${point}" (journal committed): no build reads it, the next run rolls it forward`, async () => {
      const root = nextRunRoot();
      const before = withoutTransient(treeHash(root));
      const paused = await pausedAt(root, point);
      await kill(paused);
      const after = withoutTransient(treeHash(root));
      expect(existsSync(join(root, '.ingest-journal.json'))).toBe(true);
      if (point === 'applying') {
        // A real mix of old and new entries on disk…
        expect(after).not.toEqual(before);
        expect(after).not.toEqual(withoutTransient(newTree));
      } else {
        expect(after).toEqual(before);
      }
      // …that a build refuses to read.
      expect(ingestInProgress(root)).toMatch(/an interrupted ingest has not been finished/);
      const rerun = await ingest(root);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(treeHash(root)).toEqual(newTree);
      expect(ingestInProgress(root)).toBeUndefined();
    });
  }

  it('astro build itself refuses a content root with a pending journal', async () => {
    const root = nextRunRoot();
    await kill(await pausedAt(root, 'applying'));
    const out = join(BUILD_DIR, `guard-${runs++}`);
    const run = await collect(
      spawn(NODE, ['node_modules/astro/bin/astro.mjs', 'build'], {
        env: { ...buildEnv(), DAYBOOK_CONTENT: root, DAYBOOK_OUT: out, DAYBOOK_CACHE: `${out}.astro-cache`, ASTRO_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(run.code).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('an interrupted ingest has not been finished');
    expect(existsSync(join(out, 'index.html'))).toBe(false);
  });

  it('killed at random moments without any hook: old archive, or rolled forward to the new one', async () => {
    // Moments spread over a whole run, from start-up to the last renames.
    const delays = [0.2, 0.5, 0.75, 0.9, 0.97].map((f) => Math.round(f * runMs));
    const outcomes: string[] = [];
    const same = (a: Map<string, string>, b: Map<string, string>) => JSON.stringify([...a]) === JSON.stringify([...b]);
    for (const delay of delays) {
      const root = nextRunRoot();
      const before = withoutTransient(treeHash(root));
      const child = ingestCli(root);
      const done = collect(child);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await done;
      const after = withoutTransient(treeHash(root));
      if (existsSync(join(root, '.ingest-journal.json'))) outcomes.push('journal pending');
      else if (same(after, before)) outcomes.push('old');
      else if (same(after, withoutTransient(newTree))) outcomes.push('new');
      else outcomes.push('MIXED');
      const rerun = await ingest(root);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(treeHash(root)).toEqual(newTree);
    }
    // Never a mix without the journal that completes it.
    expect(outcomes).not.toContain('MIXED');
    expect(outcomes).toHaveLength(delays.length);
  }, 300_000);
});
