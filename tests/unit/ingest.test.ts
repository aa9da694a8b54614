/**
 * The ingest step end to end on real digests, in temporary content roots:
 * idempotence, merging across days, slug stability, manual corrections.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ingest } from '../../scripts/lib/ingest.ts';
import { progressPrinter } from '../../scripts/lib/progress.ts';

const REAL = 'tests/fixtures/digests/real';

/** A content root holding the given real digests (name in fixtures → name in the archive). */
function archiveWith(digests: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'daybook-ingest-'));
  mkdirSync(join(root, 'digests'));
  cpSync('content/topics', join(root, 'topics'), { recursive: true });
  for (const [fixture, name] of Object.entries(digests)) cpSync(join(REAL, fixture), join(root, 'digests', name));
  return root;
}

/** Every generated file with its bytes and modification time. */
function snapshot(root: string): Map<string, { text: string; mtime: number }> {
  const files = new Map<string, { text: string; mtime: number }>();
  for (const dir of ['papers', 'days']) {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(root, dir, name);
      files.set(`${dir}/${name}`, { text: readFileSync(path, 'utf8'), mtime: statSync(path).mtimeMs });
    }
  }
  files.set('slugs.tsv', { text: readFileSync(join(root, 'slugs.tsv'), 'utf8'), mtime: statSync(join(root, 'slugs.tsv')).mtimeMs });
  return files;
}

const run = (root: string) => ingest({ contentDir: root, cacheDir: join(root, '.cache') });
const frontmatter = (text: string) => parseYaml(text.split('---\n')[1]!) as Record<string, unknown>;
const frontmatterLine = (text: string, key: string) => text.split('\n').find((l) => l.startsWith(`${key}:`));

describe('ingest', () => {
  it('converts the seed digest into 119 papers and one day in digest order', async () => {
    const root = archiveWith({ 'seed-digest.txt': '2026-11-24.txt' });
    const report = await run(root);
    expect(report).toMatchObject({ days: 1, papers: 119, newPapers: 119, merged: 0 });
    const day = JSON.parse(readFileSync(join(root, 'days/2026-11-24.json'), 'utf8'));
    expect(day.papers).toHaveLength(119);
    expect(day.papers[0]).toBe('neural-arithmetic-logic-units');
    const entry = readFileSync(join(root, 'papers/neural-arithmetic-logic-units.md'), 'utf8');
    expect(frontmatterLine(entry, 'title')).toBe('title: "Neural Arithmetic Logic Units"');
    expect(entry).toContain('we propose an architecture that represents numerical quantities');
  });

  it('is idempotent: a second conversion writes nothing and changes no byte', async () => {
    const root = archiveWith({ '2026-08-11.json': '2026-08-11.json', '2026-08-12.json': '2026-08-12.json', '2026-08-05.txt': '2026-08-05.txt' });
    await run(root);
    const before = snapshot(root);
    const report = await run(root);
    expect(report.written).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });

  it('merges a paper that trends on several days into one entry listing every day', async () => {
    const days = readdirSync(REAL).filter((n) => n.endsWith('.json'));
    const root = archiveWith(Object.fromEntries(days.map((d) => [d, d])));
    const report = await run(root);
    // Independently: arXiv ids that occur in more than one HF file.
    const seen = new Map<string, number>();
    for (const d of days) for (const e of JSON.parse(readFileSync(join(REAL, d), 'utf8'))) seen.set(e.paper.id, (seen.get(e.paper.id) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1);
    expect(repeated.length).toBeGreaterThan(0);
    expect(report.papers).toBe(seen.size);
    expect(report.merged).toBe(repeated.reduce((n, [, k]) => n + k - 1, 0));
    for (const [id, n] of repeated) {
      const entry = readdirSync(join(root, 'papers'))
        .map((f) => readFileSync(join(root, 'papers', f), 'utf8'))
        .find((t) => t.includes(`arxivId: "${id}"`));
      expect(entry, id).toBeDefined();
      expect(frontmatter(entry!)['days']).toHaveLength(n);
    }
  });

  it('keeps every published slug when a later day arrives, and rewrites only what it touches', async () => {
    const root = archiveWith({ '2026-08-11.json': '2026-08-11.json', '2026-08-12.json': '2026-08-12.json' });
    await run(root);
    const before = snapshot(root);
    cpSync(join(REAL, '2026-08-13.json'), join(root, 'digests/2026-08-13.json'));
    const report = await run(root);
    const after = snapshot(root);
    for (const path of before.keys()) expect(after.has(path), path).toBe(true);
    const newDay = JSON.parse(readFileSync(join(root, 'days/2026-08-13.json'), 'utf8')).papers as string[];
    expect(report.newPapers).toBe(newDay.filter((s) => !before.has(`papers/${s}.md`)).length);
    // A file whose bytes did not change is not rewritten at all (same mtime); the report counts exactly the rest.
    let changed = 0;
    for (const [path, file] of after) {
      const earlier = before.get(path);
      if (earlier?.text === file.text) expect(file.mtime, path).toBe(earlier.mtime);
      else changed++;
    }
    expect(report.written).toBe(changed);
    expect(after.get('days/2026-08-11.json')).toEqual(before.get('days/2026-08-11.json'));
  });

  it('keeps slugs stable when an older day is backfilled with a paper of the same title', async () => {
    const root = archiveWith({ 'seed-digest.txt': '2026-11-24.txt' });
    await run(root);
    const seed = readFileSync(join(REAL, 'seed-digest.txt'), 'utf8').split('\n');
    // An older day whose only paper has the first seed paper's title but another abstract.
    writeFileSync(join(root, 'digests/2026-01-01.txt'), `${seed[2]}\nA different abstract: a study of something else entirely, with other results.\n`);
    await run(root);
    const first = JSON.parse(readFileSync(join(root, 'days/2026-11-24.json'), 'utf8')).papers[0];
    const older = JSON.parse(readFileSync(join(root, 'days/2026-01-01.json'), 'utf8')).papers[0];
    expect(first).toBe('neural-arithmetic-logic-units');
    expect(older).toBe('neural-arithmetic-logic-units-2');
  });

  it('keeps a maintainer’s manual block and applies it on re-ingest', async () => {
    const root = archiveWith({ 'seed-digest.txt': '2026-11-24.txt' });
    await run(root);
    const path = join(root, 'papers/neural-arithmetic-logic-units.md');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('---\n\n', 'manual:\n  title: "Neural Arithmetic Logic Units (NALU)"\n  note: "A classic."\n  topics: [continual-learning]\n---\n\n'));
    await run(root);
    await run(root);
    const after = readFileSync(path, 'utf8');
    expect(frontmatterLine(after, 'title')).toBe('title: "Neural Arithmetic Logic Units (NALU)"');
    expect(after).toContain('note: "A classic."');
    expect(after).toMatch(/topics:\n {2}- "continual-learning"/);
  });
});

describe('progress', () => {
  it('a long run says how far each long stage has come; the lines never look like the final summary', async () => {
    const root = archiveWith({ '2026-08-11.json': '2026-08-11.json', '2026-08-12.json': '2026-08-12.json' });
    const heard = new Set<string>();
    const notes: string[] = [];
    await ingest({ contentDir: root, cacheDir: join(root, '.cache'), progress: (stage, done, total) => {
      expect(done).toBeLessThanOrEqual(total);
      heard.add(stage);
    }, note: (line) => notes.push(line) });
    for (const stage of ['reading digests', 'merging days', 'topics', 'key phrases', 'formatting entries']) expect(heard, stage).toContain(stage);
    expect(notes).toEqual(['converting every digest: no cache of an earlier run']);
  });

  it('prints at most once per interval, starting with "ingest progress:"', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = progressPrinter((line) => lines.push(line), 5000, () => now);
    for (let done = 0; done <= 20_000; done += 1000) {
      now += 1000;
      progress('key phrases', done, 20_000);
    }
    expect(lines).toEqual(['ingest progress: key phrases 4,000/20,000…', 'ingest progress: key phrases 9,000/20,000…', 'ingest progress: key phrases 14,000/20,000…', 'ingest progress: key phrases 19,000/20,000…']);
    expect(lines.some((line) => line.startsWith('ingest:'))).toBe(false);
  });
});
