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
