/**
 * The patterns the papers loader hands Astro's glob loader for the entries it loads
 * (src/catalog/loader.ts: `entryPatterns`), matched as that loader matches them (tinyglobby, with
 * picomatch's limit of 65,536 characters a pattern) against a real folder of entry files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPatterns } from '../../src/catalog/loader.ts';

let dir = '';
/** 6,000 slugs as long as a slug may be (72 characters, then `-2` for a second paper of the title), and shorter ones that begin as they do. */
const slugs: string[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'daybook-patterns-'));
  for (let i = 0; i < 2000; i++) {
    const long = `${'attention-is-all-you-need-for-'.repeat(3).slice(0, 66)}${String(i).padStart(6, '0')}`;
    slugs.push(long, `${long}-2`, `paper-${i}`);
  }
  for (const slug of slugs) writeFileSync(join(dir, `${slug}.md`), '');
  writeFileSync(join(dir, 'not-an-entry.json'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const matched = async (patterns: string[]) => (await glob(patterns, { cwd: dir, expandDirectories: false })).sort();
const files = (list: readonly string[]) => list.map((slug) => `${slug}.md`).sort();

describe('entryPatterns', () => {
  it('finds exactly the entries named, however many, in patterns picomatch takes', async () => {
    const wanted = slugs.filter((_, i) => i % 2 === 0);
    const patterns = entryPatterns(wanted);
    expect(patterns.length).toBeGreaterThan(1);
    for (const pattern of patterns) expect(pattern.length).toBeLessThanOrEqual(65_536);
    expect(await matched(patterns)).toEqual(files(wanted));
  });

  it('finds one entry, not those whose names begin with its name', async () => {
    const [one] = slugs;
    expect(await matched(entryPatterns([one!]))).toEqual([`${one}.md`]);
    expect(await matched(entryPatterns(['paper-1', 'paper-12']))).toEqual(['paper-1.md', 'paper-12.md']);
  });

  it('names nothing for no entries', () => {
    expect(entryPatterns([])).toEqual([]);
  });
});
