/**
 * Ingest with `content/resolved/`: what `npm run resolve` found is merged like the digest's own
 * fields, identity may go by the resolved arXiv id, slugs never change, and without the files
 * (resolve never ran) the entries are what they always were.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ingest } from '../../scripts/lib/ingest.ts';
import { makeArchive } from '../../scripts/make-archive.ts';
import type { DayResolution } from '../../src/lib/resolve/record.ts';

/** A content root with the bundled digests of `days` (and their committed resolution files when `resolved`). */
function contentWith(days: readonly string[], resolved: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'daybook-resolved-'));
  mkdirSync(join(root, 'digests'));
  cpSync('content/topics', join(root, 'topics'), { recursive: true });
  for (const name of readdirSync('content/digests')) if (days.includes(name.slice(0, 10))) cpSync(join('content/digests', name), join(root, 'digests', name));
  if (resolved) {
    mkdirSync(join(root, 'resolved'));
    for (const day of days) if (existsSync(join('content/resolved', `${day}.json`))) cpSync(join('content/resolved', `${day}.json`), join(root, 'resolved', `${day}.json`));
  }
  return root;
}

const run = (root: string) => ingest({ contentDir: root, cacheDir: join(root, '.cache') });
const entries = (root: string) => new Map(readdirSync(join(root, 'papers')).map((name) => [name, readFileSync(join(root, 'papers', name), 'utf8')]));
const frontmatter = (text: string) => parseYaml(text.split('---\n')[1]!) as Record<string, unknown>;
const slugs = (root: string) => readFileSync(join(root, 'slugs.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]);

describe('ingest with resolved papers', () => {
  it('merges the resolved arXiv id, authors and date into the title-only papers, under the slugs they already had', async () => {
    const plain = contentWith(['2026-08-05'], false);
    const resolved = contentWith(['2026-08-05'], true);
    await run(plain);
    await run(resolved);
    expect(slugs(resolved)).toEqual(slugs(plain));
    const record = JSON.parse(readFileSync('content/resolved/2026-08-05.json', 'utf8')) as DayResolution;
    const before = entries(plain);
    for (const [name, text] of entries(resolved)) {
      const data = frontmatter(text);
      const found = record.papers.find((p) => p.arxivId === data['arxivId'])!;
      expect(found, name).toBeDefined();
      expect(data['authors']).toEqual(found.authors);
      expect(data['publishedAt']).toBe(found.publishedAt);
      expect(frontmatter(before.get(name)!)['arxivId']).toBeUndefined();
      expect(frontmatter(before.get(name)!)['authors']).toBeUndefined();
    }
  });

  it('changes no byte when resolve never ran, or found nothing', async () => {
    const never = contentWith(['2026-08-05', '2026-08-11'], false);
    const nothing = contentWith(['2026-08-05', '2026-08-11'], false);
    const record = JSON.parse(readFileSync('content/resolved/2026-08-05.json', 'utf8')) as DayResolution;
    // The same day as a run that reached arXiv but found none of its papers.
    const empty: DayResolution = { ...record, huggingface: 'none', papers: record.papers.map((p) => ({ title: p.title, abstractHead: p.abstractHead, arxivChecked: true })) };
    mkdirSync(join(nothing, 'resolved'));
    writeFileSync(join(nothing, 'resolved', '2026-08-05.json'), JSON.stringify(empty));
    await run(never);
    await run(nothing);
    expect(entries(nothing)).toEqual(entries(never));
    expect(readFileSync(join(nothing, 'slugs.tsv'), 'utf8')).toBe(readFileSync(join(never, 'slugs.tsv'), 'utf8'));
    // And the text day's entries are what the committed archive had before resolving: nothing of the resolved files leaks in.
    for (const text of entries(never).values()) {
      const data = frontmatter(text);
      if ((data['days'] as string[]).includes('2026-08-05')) expect(data['arxivId']).toBeUndefined();
    }
  });

  it('merges a later JSON digest of the same papers by their resolved arXiv id', async () => {
    const root = contentWith(['2026-08-05'], true);
    // Hugging Face's own list of that day, given as the digest of a later day.
    cpSync('tests/fixtures/hf-api/2026-08-05.json', join(root, 'digests', '2026-08-08.json'));
    const report = await run(root);
    expect(report).toMatchObject({ days: 2, papers: 25, merged: 25 });
    for (const text of entries(root).values()) expect(frontmatter(text)['days']).toEqual(['2026-08-05', '2026-08-08']);
  });

  it('converts every digest again when a day already converted gains or changes its resolution file, with the same result as a cold run', async () => {
    const root = contentWith(['2026-08-05', '2026-08-11'], false);
    await run(root);
    mkdirSync(join(root, 'resolved'));
    cpSync('content/resolved/2026-08-05.json', join(root, 'resolved', '2026-08-05.json'));
    const report = await run(root);
    expect(report.path).toBe('full');
    expect(report.fullReason).toBe('resolved/2026-08-05.json is new for a day already converted');
    const cold = contentWith(['2026-08-05', '2026-08-11'], true);
    await run(cold);
    expect(entries(root)).toEqual(entries(cold));
    const again = await run(root);
    expect(again).toMatchObject({ path: 'update', written: 0 });
  });

  it('reads no resolution file of a day without a digest, says so, and does not convert every digest again for it', async () => {
    const root = contentWith(['2026-08-05', '2026-08-11'], false);
    await run(root);
    // Left behind by a digest removed or renamed to another day: no run reads it, so none converts everything for it.
    mkdirSync(join(root, 'resolved'));
    cpSync('content/resolved/2026-08-06.json', join(root, 'resolved', '2026-08-06.json'));
    const before = entries(root);
    const unread = { file: join(root, 'resolved', '2026-08-06.json'), message: 'not read: there is no digest of 2026-08-06 in digests/' };
    for (let i = 0; i < 2; i++) {
      const report = await run(root);
      expect(report.fullReason).toBeUndefined();
      expect(report).toMatchObject({ path: 'update', written: 0 });
      expect(report.warnings).toContainEqual(unread);
    }
    expect(entries(root)).toEqual(before);
    // A full conversion reads it no more than an update does, and says the same.
    const cold = contentWith(['2026-08-05', '2026-08-11'], false);
    cpSync(join(root, 'resolved'), join(cold, 'resolved'), { recursive: true });
    const full = await run(cold);
    expect(full.path).toBe('full');
    expect(full.warnings).toContainEqual({ ...unread, file: join(cold, 'resolved', '2026-08-06.json') });
    expect(entries(cold)).toEqual(before);
  });

  it('adds a new day with its resolution file to the previous archive without converting every digest, as a cold run would', async () => {
    // Past 2,000 papers (below that every new day crosses a statistics step and converts everything).
    const generated = mkdtempSync(join(tmpdir(), 'daybook-resolved-big-'));
    const summary = makeArchive({ papers: 2600, perDay: 120, out: generated, start: '2026-06-01', force: true });
    expect(summary.papers).toBeGreaterThan(2000);
    expect(summary.last < '2026-08-22').toBe(true);
    // The text day of 2026-08-07 with its resolution, as the newest day.
    const addDay = (root: string) => {
      cpSync('content/digests/2026-08-07.txt', join(root, 'digests', '2026-08-22.txt'));
      mkdirSync(join(root, 'resolved'), { recursive: true });
      writeFileSync(join(root, 'resolved', '2026-08-22.json'), readFileSync('content/resolved/2026-08-07.json', 'utf8').replace('"2026-08-07"', '"2026-08-22"'));
    };
    const inputs = (root: string) => {
      mkdirSync(root, { recursive: true });
      cpSync(join(generated, 'digests'), join(root, 'digests'), { recursive: true });
      cpSync(join(generated, 'topics'), join(root, 'topics'), { recursive: true });
      return root;
    };
    const root = inputs(join(generated, 'updated'));
    await run(root);
    addDay(root);
    const report = await run(root);
    expect(report.fullReason).toBeUndefined();
    expect(report.path).toBe('update');
    const cold = inputs(join(generated, 'cold'));
    addDay(cold);
    await run(cold);
    expect(entries(root)).toEqual(entries(cold));
    expect(readFileSync(join(root, 'slugs.tsv'), 'utf8')).toBe(readFileSync(join(cold, 'slugs.tsv'), 'utf8'));
    const added = [...entries(root).values()].map(frontmatter).filter((d) => (d['days'] as string[]).includes('2026-08-22'));
    expect(added).toHaveLength(20);
    for (const data of added) expect(data['arxivId']).toMatch(/^\d{4}\.\d{5}$/);
  }, 600_000);

  it('keeps a hand correction (the manual: block) over what was resolved', async () => {
    const root = contentWith(['2026-08-05'], false);
    await run(root);
    const record = JSON.parse(readFileSync('content/resolved/2026-08-05.json', 'utf8')) as DayResolution;
    const name = readdirSync(join(root, 'papers')).find((n) => frontmatter(readFileSync(join(root, 'papers', n), 'utf8'))['title'] === record.papers[0]!.title)!;
    const path = join(root, 'papers', name);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^---\n/, '---\nmanual:\n  title: "The corrected title"\n  note: "Checked by hand."\n'));
    cpSync('content/resolved', join(root, 'resolved'), { recursive: true });
    await run(root);
    const data = frontmatter(readFileSync(path, 'utf8'));
    expect(data['title']).toBe('The corrected title');
    expect(data['manual']).toEqual({ title: 'The corrected title', note: 'Checked by hand.' });
    expect(data['arxivId']).toBe(record.papers[0]!.arxivId);
  });

  it('stops on a broken resolution file with its name, and changes nothing', async () => {
    const root = contentWith(['2026-08-05'], false);
    await run(root);
    const before = entries(root);
    mkdirSync(join(root, 'resolved'));
    writeFileSync(join(root, 'resolved', '2026-08-05.json'), '{"date": "2026-08-05", "papers": [');
    await expect(run(root)).rejects.toThrow(/resolved\/2026-08-05\.json: invalid JSON .*run `npm run resolve` again or delete the file/);
    writeFileSync(join(root, 'resolved', '2026-08-05.json'), '{"date": "2026-08-05", "digest": "2026-08-05.txt", "papers": [{"title": "X"}]}');
    await expect(run(root)).rejects.toThrow(/resolved\/2026-08-05\.json: not a resolution file at papers\.0\.abstractHead: /);
    expect(entries(root)).toEqual(before);
  });
});
